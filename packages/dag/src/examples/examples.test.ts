import { describe, expect, it } from 'vitest';
import { createTableDdl } from '../sql/create-table.ddl.js';
import { validateDag } from '../validate/validate-dag.js';
import { exampleJobs } from './examples.js';

describe('exampleJobs', () => {
  it('are valid with no warnings', () => {
    for (const [name, job] of Object.entries(exampleJobs())) {
      expect(validateDag(job).issues, name).toEqual([]);
    }
  });

  it('have the promised shapes', () => {
    const { jdbcPythonJdbc, kafkaPythonJdbc, datagenDemo } = exampleJobs();
    const shape = (job: typeof jdbcPythonJdbc) =>
      job.graph.nodes.map((n) => (n.kind === 'python' ? 'python' : n.config.connector));
    expect([jdbcPythonJdbc.kind, shape(jdbcPythonJdbc)]).toEqual(['scheduled', ['jdbc', 'python', 'jdbc']]);
    expect([kafkaPythonJdbc.kind, shape(kafkaPythonJdbc)]).toEqual(['realtime', ['kafka', 'python', 'jdbc']]);
    expect(shape(datagenDemo)).toEqual(['datagen', 'python', 'print']);
  });

  it('keep the database password out of generated DDL', () => {
    const job = exampleJobs().jdbcPythonJdbc;
    for (const node of job.graph.nodes) {
      if (node.kind !== 'python')
        expect(createTableDdl(node, { parameters: job.parameters })).not.toContain('password');
    }
  });

  it('return fresh copies', () => {
    const a = exampleJobs();
    a.datagenDemo.name = 'changed';
    expect(exampleJobs().datagenDemo.name).toBe('sensor-demo');
  });
});
