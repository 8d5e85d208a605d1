import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCreateTableDdl } from '@sluice/dag';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kafkaToJdbcJob } from '../../test/fixtures/jobs.js';
import { compileRealtimeJob, optionParts, RealtimeCompileError } from './compile-realtime-job.js';
import { pythonComment, renderTemplateScript, TemplateError } from './python-script.js';

const NAMES = { topic: 'orders-v1', groupId: 'sluice-orders', database: 'shop', table: 'orders_enriched' };

/** Plain python3 checks syntax only (compile(), no imports), so no pyflink is needed. */
function assertValidPython(source: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-pycheck-'));
  try {
    const file = join(dir, 'script.py');
    writeFileSync(file, source);
    execFileSync('python3', [
      '-c',
      'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")',
      file,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compileError(fn: () => unknown): RealtimeCompileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RealtimeCompileError) return e;
    throw e;
  }
  throw new Error('expected a RealtimeCompileError');
}

const srcNode = (id: string, name: string, columns: { name: string; type: string }[], topic = name) => ({
  id,
  kind: 'source' as const,
  name,
  config: {
    connector: 'kafka',
    options: {
      topic,
      'properties.bootstrap.servers': '127.0.0.1:9092',
      'properties.group.id': 'g',
      format: 'json',
    },
    columns,
  },
});
const printSink = (id: string, name: string, columns: { name: string; type: string }[]) => ({
  id,
  kind: 'sink' as const,
  name,
  config: { connector: 'print', options: {}, columns },
});
const recordStep = (id: string, name: string, code = 'def process(record, ctx):\n    return record\n') => ({
  id,
  kind: 'python' as const,
  name,
  config: { mode: 'record' as const, code },
});
const realtimeJob = (nodes: unknown[], edges: [string, string][], extra: Record<string, unknown> = {}) => ({
  name: 'test-job',
  kind: 'realtime' as const,
  graph: { nodes, edges: edges.map(([source, target]) => ({ source, target })) },
  ...extra,
});

describe('compileRealtimeJob', () => {
  it('compiles the kafka -> python -> jdbc job to the golden script and plan', async () => {
    const compiled = compileRealtimeJob({ job: kafkaToJdbcJob(NAMES), version: 7 });
    expect(compiled.files.map((f) => f.path)).toEqual(['sluice_job.py', 'sluice_plan.json']);
    await expect(compiled.script).toMatchFileSnapshot('./__golden__/kafka-python-jdbc/sluice_job.py');
    await expect(compiled.files[1]?.content).toMatchFileSnapshot(
      './__golden__/kafka-python-jdbc/sluice_plan.json.golden',
    );
    expect(compiled.pipelineName).toBe('sluice/orders-enrich/v7');
    expect(compiled.parameters).toEqual([
      { name: 'db_user', secret: false, required: true },
      { name: 'db_password', secret: true, required: true },
      { name: 'factor', secret: false, required: false },
    ]);
    assertValidPython(compiled.script);
  });

  it('is deterministic: the same version compiles to byte-identical files', () => {
    const a = compileRealtimeJob({ job: kafkaToJdbcJob(NAMES), version: 1 });
    const b = compileRealtimeJob({ job: structuredClone(kafkaToJdbcJob(NAMES)), version: 1 });
    expect(b.files).toEqual(a.files);
    // Option order in the document does not matter either: options are written in key order.
    const shuffled = kafkaToJdbcJob(NAMES);
    const sink = shuffled.graph.nodes[2] as unknown as { config: { options: Record<string, string> } };
    sink.config.options = Object.fromEntries(Object.entries(sink.config.options).reverse());
    expect(compileRealtimeJob({ job: shuffled, version: 1 }).files).toEqual(a.files);
  });

  it('keeps parameter values and references out of the script and every value out of the plan', () => {
    const compiled = compileRealtimeJob({ job: kafkaToJdbcJob(NAMES), version: 1 });
    expect(compiled.script).not.toContain('db_password');
    const sink = compiled.plan.tables.find((t) => t.name === 'orders_enriched');
    expect(sink?.ddl).toContain("'password' = '__sluice_param_0__'");
    expect(sink?.substitutions).toContainEqual({
      token: '__sluice_param_0__',
      option: 'password',
      parts: [{ param: 'db_password' }],
    });
    expect(compiled.files[1]?.content).not.toMatch(/\$\{/);
  });

  it('maps realtime settings to Flink 2.2 configuration keys', () => {
    const job = {
      ...kafkaToJdbcJob(NAMES),
      realtime: {
        parallelism: 2,
        checkpointIntervalMs: 15_000,
        restartPolicy: { type: 'exponential-delay', attempts: 5, delayMs: 1_000 },
        flinkConfig: { 'python.fn-execution.bundle.time': '50', 'pipeline.name': 'mine' },
      },
    };
    const error = compileError(() => compileRealtimeJob({ job, version: 1 }));
    expect(error.issues).toEqual([
      {
        path: 'realtime.flinkConfig',
        message: 'realtime.flinkConfig["pipeline.name"] is set by Sluice and cannot be overridden',
      },
    ]);
    delete (job.realtime.flinkConfig as Record<string, string>)['pipeline.name'];
    const { config } = compileRealtimeJob(
      { job, version: 1 },
      { baseConfig: { 'parallelism.default': '9', 'a.b': 'c' } },
    );
    expect(config).toEqual({
      'python.fn-execution.bundle.time': '50',
      'a.b': 'c',
      'parallelism.default': '2',
      'pipeline.name': 'sluice/orders-enrich/v1',
      'execution.checkpointing.interval': '15000 ms',
      'execution.checkpointing.mode': 'EXACTLY_ONCE',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'restart-strategy.type': 'exponential-delay',
      'restart-strategy.exponential-delay.initial-backoff': '1000 ms',
      'restart-strategy.exponential-delay.attempts-before-reset-backoff': '5',
    });
  });

  it('escapes hostile option values and column names so they parse back unchanged', () => {
    const hostile = 'x\'); DROP TABLE t; -- `\n""" \\\' $${not a ref} $${literal} 名前 \u2028';
    const job = realtimeJob(
      [
        srcNode('s', 'src', [{ name: "we`ird'col", type: 'STRING' }]),
        recordStep('p', 'step'),
        {
          ...printSink('k', 'out', [{ name: "we`ird'col", type: 'STRING' }]),
          config: {
            connector: 'print',
            options: { 'print-identifier': hostile },
            columns: [{ name: "we`ird'col", type: 'STRING' }],
          },
        },
      ],
      [
        ['s', 'p'],
        ['p', 'k'],
      ],
    );
    const result = compileRealtimeJob({ job, version: 1 });
    const sink = result.plan.tables.find((t) => t.name === 'out');
    const parsed = parseCreateTableDdl(sink?.ddl ?? '');
    expect(parsed.options['print-identifier']).toBe(hostile.replaceAll('$${', '${'));
    expect(parsed.columns[0]?.name).toBe("we`ird'col");
    expect(result.script).not.toContain('DROP TABLE');
    expect(result.plan.inserts[0]).toContain("`we``ird'col`");
  });

  it('round-trips any option value and column name through the generated DDL (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc
          .string({ unit: 'binary', minLength: 1, maxLength: 20 })
          .filter((s) => !/[\r\n]/.test(s) && s.trim() !== ''),
        (literal, column) => {
          const cols = [{ name: column, type: 'STRING' }];
          const job = realtimeJob(
            [
              srcNode('s', 'src', cols),
              {
                ...printSink('k', 'out', cols),
                config: {
                  connector: 'print',
                  options: { 'print-identifier': literal.replaceAll('${', '$${') },
                  columns: cols,
                },
              },
            ],
            [['s', 'k']],
          );
          const { plan, script } = compileRealtimeJob({ job, version: 1 });
          const parsed = parseCreateTableDdl(plan.tables[1]?.ddl ?? '');
          expect(parsed.options['print-identifier']).toBe(literal);
          expect(parsed.columns[0]?.name).toBe(column);
          expect(script).not.toContain('print-identifier'); // options live in the plan only
        },
      ),
      { numRuns: 200 },
    );
  });

  it('turns $${ into a literal ${ and splits references into parts', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Sluice parameter syntax, not JS templates
    expect(optionParts('jdbc:mysql://${host}:3306/db?x=$${y}')).toEqual([
      'jdbc:mysql://',
      { param: 'host' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text the escape produces
      ':3306/db?x=${y}',
    ]);
    expect(optionParts('plain')).toEqual(['plain']);
  });

  it('puts names in script comments only as escaped text', () => {
    expect(pythonComment('a\nimport os\r#')).toBe('"a\\nimport os\\r#"');
    expect(pythonComment('x\u2028y')).toBe('"x\\u2028y"');
  });

  it('unions sources with the same columns into one query and keeps different ones apart', () => {
    const cols = [{ name: 'id', type: 'BIGINT' }];
    const job = realtimeJob(
      [
        srcNode('a', 'a', cols),
        srcNode('b', 'b', [{ name: 'id', type: 'bigint' }]),
        srcNode('c', 'c', [{ name: 'other', type: 'STRING' }]),
        recordStep('p', 'merge'),
        recordStep('q', 'after'),
        printSink('k', 'out', cols),
      ],
      [
        ['a', 'p'],
        ['b', 'p'],
        ['c', 'p'],
        ['p', 'q'],
        ['q', 'k'],
      ],
    );
    const { plan } = compileRealtimeJob({ job, version: 1 });
    expect(plan.steps.map((s) => s.name)).toEqual(['merge', 'after']);
    expect(plan.steps[0]?.inputs).toEqual([
      { kind: 'query', sql: 'SELECT `id` FROM `a`\nUNION ALL\nSELECT `id` FROM `b`', tables: ['a', 'b'] },
      { kind: 'query', sql: 'SELECT `other` FROM `c`', tables: ['c'] },
    ]);
    expect(plan.steps[0]?.outputs).toEqual([{ kind: 'step', name: 'after' }]);
    expect(plan.steps[1]?.inputs).toEqual([{ kind: 'step', step: 'merge' }]);
    expect(plan.inserts).toEqual([
      'INSERT INTO `out` (`id`)\nSELECT CAST(`id` AS BIGINT) AS `id` FROM `__sluice_view_1_0`',
    ]);
  });

  it('feeds a sink from a source and a step in one INSERT, skipping computed and virtual columns', () => {
    const job = realtimeJob(
      [
        srcNode('s', 'src', [
          { name: 'id', type: 'BIGINT' },
          { name: 'msg', type: 'STRING' },
        ]),
        recordStep('p', 'step'),
        {
          id: 'k',
          kind: 'sink',
          name: 'out',
          config: {
            connector: 'kafka',
            options: { topic: 'o', 'properties.bootstrap.servers': '127.0.0.1:9092', format: 'json' },
            columns: [
              { name: 'id', type: 'BIGINT NOT NULL' },
              { name: 'msg', type: 'STRING' },
              { kind: 'computed', name: 'up', expression: 'UPPER(msg)' },
              { kind: 'metadata', name: 'part', type: 'INT', key: 'partition', virtual: true },
            ],
          },
        },
      ],
      [
        ['s', 'p'],
        ['s', 'k'],
        ['p', 'k'],
      ],
    );
    const { plan } = compileRealtimeJob({ job, version: 1 });
    expect(plan.inserts).toEqual([
      'INSERT INTO `out` (`id`, `msg`)\n' +
        'SELECT CAST(`id` AS BIGINT) AS `id`, CAST(`msg` AS STRING) AS `msg` FROM `src`\n' +
        'UNION ALL\n' +
        'SELECT CAST(`id` AS BIGINT) AS `id`, CAST(`msg` AS STRING) AS `msg` FROM `__sluice_view_0_0`',
    ]);
  });

  it('reports every problem with its path instead of generating a broken job', () => {
    const job = realtimeJob(
      [
        srcNode('s', 'src', [{ name: 'id', type: 'BIGINT' }]),
        recordStep('p', 'rec'),
        {
          id: 'f',
          kind: 'python',
          name: 'frag',
          config: { mode: 'pyflink', code: 't_env.from_path("src").execute_insert("out2")' },
        },
        printSink('k', 'out', [{ name: 'tags', type: 'MULTISET<STRING>' }]),
        printSink('k2', 'out2', [{ name: 'id', type: 'BIGINT' }]),
        printSink('k3', 'out3', [{ name: 'missing', type: 'BIGINT' }]),
      ],
      [
        ['s', 'p'],
        ['p', 'k'],
        ['p', 'f'],
        ['f', 'k2'],
        ['s', 'k3'],
      ],
    );
    const error = compileError(() => compileRealtimeJob({ job, version: 1 }));
    expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "graph.nodes[1]: python step 'rec' feeds pyflink step 'frag'; a pyflink step reads tables by name, and a record step's output has no table name. Write the records to a sink first, or make both steps record steps",
      "graph.nodes[3].config.columns[0].type: sink 'out' column `tags` has type MULTISET<STRING>, which a python step cannot produce (use a pyflink step, or another type)",
      "graph.nodes[5]: sink 'out3' is fed directly by source 'src', which has no column `missing`; add a python step to map the columns, or rename them",
    ]);
    expect(error.message).toContain('The job cannot run on Flink:');
  });

  it('refuses scheduled jobs and forwards validation errors with paths', () => {
    const scheduled = { ...kafkaToJdbcJob(NAMES), kind: 'scheduled', schedule: { cron: '* * * * *' } };
    expect(
      compileError(() => compileRealtimeJob({ job: scheduled, version: 1 })).issues.length,
    ).toBeGreaterThan(0);
    const invalid = compileError(() => compileRealtimeJob({ job: { name: 'x' }, version: 1 }));
    expect(invalid.issues[0]?.path).toBeDefined();
    expect(invalid.issues[0]?.message.length).toBeGreaterThan(10);
  });

  it('refuses node names in the namespace of its own views', () => {
    const job = realtimeJob(
      [
        srcNode('s', '__sluice_view_0_0', [{ name: 'id', type: 'BIGINT' }]),
        printSink('k', 'out', [{ name: 'id', type: 'BIGINT' }]),
      ],
      [['s', 'k']],
    );
    const error = compileError(() => compileRealtimeJob({ job, version: 1 }));
    expect(error.issues.some((i) => i.message.includes('reserved'))).toBe(true);
  });
});

describe('compileRealtimeJob with pyflink fragments', () => {
  const fragment =
    'from pyflink.table.expressions import col\n\n' +
    'logs = t_env.from_path("log_input")\n' +
    'def shout(s):\n\treturn s.upper()\n' +
    'logs.select(col("line")).execute_insert("log_output")\n';
  const fragmentJob = (template?: string) =>
    realtimeJob(
      [
        srcNode('s', 'log_input', [{ name: 'line', type: 'STRING' }], 'logs'),
        { id: 'f', kind: 'python', name: 'copy_lines', config: { mode: 'pyflink', code: fragment } },
        printSink('k', 'log_output', [{ name: 'line', type: 'STRING' }]),
      ],
      [
        ['s', 'f'],
        ['f', 'k'],
      ],
      template === undefined ? {} : { realtime: { pyflinkTemplate: template } },
    );

  it('splices fragments verbatim at module level and records their lines', () => {
    const compiled = compileRealtimeJob({ job: fragmentJob(), version: 1 });
    const lines = compiled.script.split('\n');
    const where = compiled.plan.fragments[0];
    expect(where?.name).toBe('copy_lines');
    expect(lines.slice((where?.firstLine ?? 1) - 1, where?.lastLine).join('\n')).toBe(
      fragment.trimEnd().replace('\treturn', '        return'),
    );
    expect(lines[(where?.firstLine ?? 1) - 2]).toBe('# ---- pyflink step "copy_lines" (node "f") ----');
    expect(compiled.plan.inserts).toEqual([]); // the fragment inserts into log_output itself
    expect(compiled.plan.steps).toEqual([]);
    assertValidPython(compiled.script);
  });

  it('fills an SREWorks template at its markers, indented like them', () => {
    const template = [
      'from pyflink.datastream import StreamExecutionEnvironment',
      'from pyflink.table import StreamTableEnvironment',
      '',
      'def helper(x):',
      '    return x',
      '',
      "if __name__ == '__main__':",
      '    env = StreamExecutionEnvironment.get_execution_environment()',
      '    t_env = StreamTableEnvironment.create(env)',
      '',
      '    # SOURCE_BLOCK #',
      '',
      '    # SINK_BLOCK #',
      '',
      '    # EXEC_BLOCK #',
      '',
    ].join('\r\n');
    const compiled = compileRealtimeJob({ job: fragmentJob(template), version: 3 });
    expect(compiled.script).toContain(
      "    sluice = JobDriver.attach(env, t_env, __file__)\n    sluice.create_tables('source')",
    );
    expect(compiled.script).toContain("    sluice.create_tables('sink')");
    expect(compiled.script).toContain(
      '    logs = t_env.from_path("log_input")\n    def shout(s):\n            return s.upper()',
    );
    expect(compiled.script).toMatch(/ {4}sluice\.execute\(\)\n$/);
    expect(compiled.script).not.toContain('# EXEC_BLOCK #');
    assertValidPython(compiled.script);
  });

  it('hands argparse parameters of a template over from the parameters file, after __future__ imports', () => {
    const template = [
      '"""An SREWorks template."""',
      'from __future__ import annotations',
      'import argparse',
      'parser = argparse.ArgumentParser()',
      "parser.add_argument('--db_host', type=str, required=True)",
      'args, _ = parser.parse_known_args()',
      'from pyflink.datastream import StreamExecutionEnvironment',
      'from pyflink.table import StreamTableEnvironment',
      'env = StreamExecutionEnvironment.get_execution_environment()',
      't_env = StreamTableEnvironment.create(env)',
      '# SOURCE_BLOCK #',
      '# EXEC_BLOCK #',
    ].join('\n');
    const job = { ...fragmentJob(template), parameters: [{ name: 'db_host' }, { name: 'unused' }] };
    const compiled = compileRealtimeJob({ job, version: 1 });
    expect(compiled.plan.argvParameters).toEqual(['db_host']);
    const lines = compiled.script.split('\n');
    const future = lines.indexOf('from __future__ import annotations');
    expect(lines[future + 1]).toBe(
      'from sluice_runtime.flink_plan import extend_argv as _sluice_extend_argv',
    );
    expect(lines.findIndex((l) => l.startsWith('_sluice_extend_argv(__file__)'))).toBeLessThan(
      lines.indexOf('import argparse'),
    );
    expect(compiled.script).not.toContain('unused');
    assertValidPython(compiled.script);
    // Native jobs have no template and no argparse: no prelude.
    expect(compileRealtimeJob({ job: fragmentJob(), version: 1 }).script).not.toContain('extend_argv');
  });

  it('refuses a template without the exec marker', () => {
    const error = compileError(() =>
      compileRealtimeJob({ job: fragmentJob('print("no markers")\n'), version: 1 }),
    );
    expect(error.issues).toContainEqual({
      path: 'realtime.pyflinkTemplate',
      message: expect.stringContaining('# EXEC_BLOCK #'),
    });
    expect(() => renderTemplateScript('# EXEC_BLOCK #\n  # EXEC_BLOCK #\n', 'j', 1, [])).toThrow(
      new TemplateError('the template has the marker # EXEC_BLOCK # twice (lines 1 and 2)'),
    );
  });
});
