import { describe, expect, it } from 'vitest';
import { type AnyJob, type Loose, node, realtimeJob, scheduledJob } from '../../test/job-builders.js';
import { validateDag } from './validate-dag.js';

type Case = [
  title: string,
  build: () => AnyJob,
  expected: { code: string; message: string; severity?: string; path?: (string | number)[] },
];

const S = scheduledJob;
const R = realtimeJob;
const edit = (base: () => AnyJob, change: (job: AnyJob) => void) => () => {
  const job = base();
  change(job);
  return job;
};
const src = (job: AnyJob) => node(job, 'src').config;
const out = (job: AnyJob) => node(job, 'out').config;
const py = (job: AnyJob) => node(job, 'py').config;
const graph = (job: AnyJob): Loose => job.graph;

function expectIssue(job: unknown, expected: Case[2]) {
  const result = validateDag(job);
  const match = result.issues.find((i) => i.code === expected.code && i.message === expected.message);
  if (match === undefined) {
    throw new Error(
      `expected ${expected.code}: ${expected.message}\nbut got:\n${result.issues.map((i) => `  ${i.code}: ${i.message}`).join('\n')}`,
    );
  }
  expect(match.severity).toBe(expected.severity ?? 'error');
  if (expected.path !== undefined) expect(match.path).toEqual(expected.path);
  if ((expected.severity ?? 'error') === 'error') expect(result.ok).toBe(false);
}

describe('validateDag', () => {
  it('accepts the valid builders with no issues', () => {
    expect(validateDag(S()).issues).toEqual([]);
    expect(validateDag(R()).issues).toEqual([]);
    expect(validateDag(S()).ok).toBe(true);
  });

  it('returns the parsed job with defaults applied', () => {
    const { job } = validateDag(R());
    expect(job?.realtime?.restore).toBe('latest-savepoint');
    expect(job?.graph.edges[0]?.id).toBe('src->py');
    expect(job?.environment).toBe('default');
  });

  it('reports every issue at once, not just the first', () => {
    const job = S();
    job.name = 'Bad Name';
    src(job).connector = 'kafak';
    py(job).code = '';
    graph(job).edges.push({ source: 'out', target: 'src' });
    const codes = validateDag(job).issues.map((i) => i.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'job.name-invalid',
        'connector.unknown',
        'python.code-empty',
        'edge.into-source',
        'edge.out-of-sink',
      ]),
    );
  });

  it('still checks the other nodes when one node is malformed', () => {
    const job = S();
    node(job, 'py').config = 'not an object';
    out(job).connector = 'nope';
    const issues = validateDag(job).issues;
    expect(issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['schema.invalid_type', 'connector.unknown']),
    );
    expect(issues.find((i) => i.code === 'schema.invalid_type')?.nodeId).toBe('py');
    expect(issues.some((i) => i.code === 'edge.unknown-node')).toBe(false);
  });

  it('marks issues with the node and edge they concern', () => {
    const job = S();
    src(job).connector = 'kafak';
    const issue = validateDag(job).issues.find((i) => i.code === 'connector.unknown');
    expect(issue?.nodeId).toBe('src');
    expect(issue?.path).toEqual(['graph', 'nodes', 0, 'config', 'connector']);
  });
});

describe('validateDag: document shape', () => {
  it.each<Case>([
    [
      'a non-object',
      () => 42 as unknown as AnyJob,
      {
        code: 'schema.invalid_type',
        message: 'A job must be an object with name, kind and graph, not number',
      },
    ],
    [
      'a missing kind',
      edit(S, (j) => delete (j as Loose).kind),
      {
        code: 'schema.invalid_value',
        message: "kind must be one of 'scheduled', 'realtime' (it is missing)",
      },
    ],
    [
      'a wrong kind',
      edit(S, (j) => (j.kind = 'hourly' as never)),
      { code: 'schema.invalid_value', message: "kind must be one of 'scheduled', 'realtime', not 'hourly'" },
    ],
    [
      'a name that is not text',
      edit(S, (j) => (j.name = 5 as never)),
      { code: 'schema.invalid_type', message: 'name must be text, not a whole number' },
    ],
    [
      'a missing graph',
      edit(S, (j) => delete (j as Loose).graph),
      { code: 'schema.invalid_type', message: 'graph is missing: it must be an object' },
    ],
    [
      'an unknown field',
      edit(S, (j) => (j.titel = 'x')),
      {
        code: 'schema.unrecognized_keys',
        message: "Unknown field 'titel' (did you mean 'title'?) in (the job)",
      },
    ],
    [
      'a field that belongs elsewhere (no suggestion of itself)',
      edit(S, (j) => (j.x = 1)),
      {
        code: 'schema.unrecognized_keys',
        message: "Unknown field 'x' in (the job)",
      },
    ],
    [
      'an unknown node field',
      edit(S, (j) => (src(j).primarykey = ['id'])),
      {
        code: 'schema.unrecognized_keys',
        message: "Unknown field 'primarykey' (did you mean 'primaryKey'?) in graph.nodes[0].config",
        path: ['graph', 'nodes', 0, 'config'],
      },
    ],
    [
      'a bad node kind',
      edit(S, (j) => (node(j, 'py').kind = 'script')),
      { code: 'schema.invalid_union', message: 'graph.nodes[1].kind must be source, python or sink' },
    ],
    [
      'a bad python mode',
      edit(S, (j) => (py(j).mode = 'java')),
      {
        code: 'schema.invalid_value',
        message: "graph.nodes[1].config.mode must be one of 'record', 'pyflink', not 'java'",
      },
    ],
    [
      'a numeric option value',
      edit(S, (j) => (src(j).options['number-of-rows'] = 10)),
      {
        code: 'schema.invalid_type',
        message: 'graph.nodes[0].config.options["number-of-rows"] must be text, not a whole number',
      },
    ],
    [
      'a negative parallelism',
      edit(R, (j) => ((j.realtime as Loose).parallelism = 0)),
      { code: 'schema.too_small', message: 'realtime.parallelism must be at least 1' },
    ],
    [
      'an empty node id',
      edit(S, (j) => (node(j, 'py').id = '')),
      { code: 'schema.too_small', message: 'graph.nodes[1].id must not be empty' },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));
});

describe('validateDag: job settings', () => {
  it.each<Case>([
    [
      'a job name that is not a slug',
      edit(S, (j) => (j.name = 'My Job!')),
      {
        code: 'job.name-invalid',
        message:
          "Job name 'My Job!' must be a slug: lowercase letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters (e.g. 'my-job')",
      },
    ],
    [
      'a bad environment name',
      edit(S, (j) => (j.environment = 'my env')),
      {
        code: 'job.environment-invalid',
        message: "Environment name 'my env' may use letters, digits, '.', '_' and '-' only",
      },
    ],
    [
      'a repeated tag',
      edit(S, (j) => (j.tags = ['a', 'a'])),
      { code: 'job.tag-duplicate', message: "Tag 'a' is listed twice", severity: 'warning' },
    ],
    [
      'a scheduled job without schedule',
      edit(S, (j) => delete j.schedule),
      {
        code: 'schedule.missing',
        message:
          "A scheduled job needs schedule settings: at least a cron expression, e.g. { cron: '*/5 * * * *', timezone: 'UTC' }",
      },
    ],
    [
      'an invalid cron',
      edit(S, (j) => ((j.schedule as Loose).cron = '61 * * * *')),
      {
        code: 'schedule.cron-invalid',
        message: "Invalid cron expression '61 * * * *': Constraint error, got value 61 expected range 0-59",
        path: ['schedule', 'cron'],
      },
    ],
    [
      'a cron with seconds',
      edit(S, (j) => ((j.schedule as Loose).cron = '0 */5 * * * *')),
      {
        code: 'schedule.cron-seconds',
        message:
          'The cron expression has 6 fields: a seconds field is not supported. Schedules are minute-level; use 5 fields: minute hour day-of-month month day-of-week',
      },
    ],
    [
      '@secondly',
      edit(S, (j) => ((j.schedule as Loose).cron = '@secondly')),
      {
        code: 'schedule.cron-seconds',
        message: "'@secondly' is not supported: schedules run at most once a minute",
      },
    ],
    [
      'a cron with too few fields',
      edit(S, (j) => ((j.schedule as Loose).cron = '* * *')),
      {
        code: 'schedule.cron-fields',
        message:
          "The cron expression has 3 fields; use 5: minute hour day-of-month month day-of-week (e.g. '0 9 * * 1-5')",
      },
    ],
    [
      'a hashed cron',
      edit(S, (j) => ((j.schedule as Loose).cron = 'H * * * *')),
      {
        code: 'schedule.cron-hash',
        message:
          "'H' (hashed) values are not supported: the preview and the scheduler could pick different times; write the minute explicitly",
      },
    ],
    [
      'an empty cron',
      edit(S, (j) => ((j.schedule as Loose).cron = ' ')),
      {
        code: 'schedule.cron-empty',
        message: "The cron expression is empty; for every 5 minutes write '*/5 * * * *'",
      },
    ],
    [
      'an unknown time zone',
      edit(S, (j) => ((j.schedule as Loose).timezone = 'Europe/Pari')),
      {
        code: 'schedule.timezone-invalid',
        message:
          "Unknown time zone 'Europe/Pari': use an IANA name such as 'Europe/Paris', 'America/New_York' or 'UTC'",
      },
    ],
    [
      'an offset instead of a zone',
      edit(S, (j) => ((j.schedule as Loose).timezone = '+05:00')),
      {
        code: 'schedule.timezone-invalid',
        message:
          "Unknown time zone '+05:00': use an IANA name such as 'Europe/Paris', 'America/New_York' or 'UTC'",
      },
    ],
    [
      'a very long backoff',
      edit(S, (j) => ((j.schedule as Loose).retries = { attempts: 30, backoff: { delayMs: 60_000 } })),
      {
        code: 'schedule.backoff-long',
        message:
          'With exponential backoff the last retry would wait more than a week; lower the attempts or the delay',
        severity: 'warning',
      },
    ],
    [
      'restore from checkpoints without checkpointing',
      edit(R, (j) => (j.realtime = { checkpointIntervalMs: 0, restore: 'latest-checkpoint' })),
      {
        code: 'realtime.restore-without-checkpoints',
        message:
          "Restoring from the latest checkpoint needs checkpointing: set checkpointIntervalMs (e.g. 60000) or restore from 'latest-savepoint'",
      },
    ],
    [
      'very frequent checkpoints',
      edit(R, (j) => (j.realtime = { checkpointIntervalMs: 200 })),
      {
        code: 'realtime.checkpoint-too-frequent',
        message: 'A checkpoint every 200 ms costs a lot of I/O; one every 10 s to 5 min is usual',
        severity: 'warning',
      },
    ],
    [
      'auto-restart delays the wrong way round',
      edit(R, (j) => (j.realtime = { autoRestart: { initialDelayMs: 1000, maxDelayMs: 10 } })),
      {
        code: 'realtime.auto-restart-delays',
        message: 'autoRestart.maxDelayMs must not be smaller than autoRestart.initialDelayMs',
      },
    ],
    [
      'an empty Flink setting key',
      edit(R, (j) => (j.realtime = { flinkConfig: { ' ': 'x' } })),
      { code: 'realtime.flink-config-key', message: 'A Flink configuration key cannot be empty' },
    ],
    [
      'a Flink setting Sluice manages',
      edit(R, (j) => (j.realtime = { flinkConfig: { 'parallelism.default': '4' } })),
      {
        code: 'realtime.flink-config-managed',
        message:
          "Flink setting 'parallelism.default' is set by Sluice from realtime.parallelism; change that instead",
      },
    ],
    [
      'a secret in Flink settings',
      edit(R, (j) => (j.realtime = { flinkConfig: { 'state.backend.type': '${db_password}' } })),
      {
        code: 'param.secret-leak',
        message:
          "Flink setting 'state.backend.type' uses the secret parameter ${db_password}, but its value would appear in generated scripts, the Flink dashboard or logs there. Use secrets only in credential options such as 'password'",
      },
    ],
    [
      'a template without markers',
      edit(R, (j) => (j.realtime = { pyflinkTemplate: 'print(1)\n# SOURCE_BLOCK #\n' })),
      {
        code: 'realtime.template-marker',
        message:
          "The PyFlink template has no '# EXEC_BLOCK #' line; the generated python steps would have nowhere to go",
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));
});

describe('validateDag: parameters', () => {
  it.each<Case>([
    [
      'an invalid parameter name',
      edit(S, (j) => (j.parameters = [{ name: 'db-host' }])),
      {
        code: 'param.name-invalid',
        message:
          "Parameter 'db-host' has an invalid name: use letters, digits and underscores, not starting with a digit (it is written ${name} in options)",
      },
    ],
    [
      'a Python keyword',
      edit(S, (j) => (j.parameters = [{ name: 'class' }])),
      {
        code: 'param.name-keyword',
        message:
          "Parameter 'class' is a Python keyword and cannot be used as a variable in PyFlink jobs; choose another name",
      },
    ],
    [
      'a name objects treat specially',
      edit(S, (j) => (j.parameters = [{ name: 'constructor' }])),
      {
        code: 'param.name-reserved',
        message:
          "Parameter 'constructor' is reserved (parameter values travel as JSON objects, where it has a special meaning); choose another name",
      },
    ],
    [
      'a parameter declared twice',
      edit(S, (j) => (j.parameters = [{ name: 'a' }, { name: 'a' }])),
      { code: 'param.duplicate', message: "Parameter 'a' is declared twice" },
    ],
    [
      'a secret with a default',
      edit(S, (j) => (j.parameters = [{ name: 'pw', secret: true, default: 'hunter2' }])),
      {
        code: 'param.secret-default',
        message:
          "Secret parameter 'pw' cannot have a default: it would be stored in the job in plain text. Supply the value when the job starts",
      },
    ],
    [
      'a default of the wrong type',
      edit(S, (j) => (j.parameters = [{ name: 'n', type: 'integer', default: 1.5 }])),
      {
        code: 'param.default-type',
        message: "The default of parameter 'n' must be a whole number, because its type is integer",
      },
    ],
    [
      'an undeclared reference',
      edit(S, (j) => {
        j.parameters = [{ name: 'rows' }];
        src(j).options['number-of-rows'] = '${row}';
      }),
      {
        code: 'param.undeclared',
        message:
          "Source 'readings': option 'number-of-rows' refers to ${row}, which is not a declared parameter; did you mean ${rows}?",
      },
    ],
    [
      'a malformed reference',
      edit(S, (j) => (src(j).options['number-of-rows'] = '${not closed')),
      {
        code: 'param.reference-malformed',
        message: "Source 'readings': option 'number-of-rows': '${' is never closed with '}'",
      },
    ],
    [
      'a secret in an option that would leak it',
      edit(R, (j) => (src(j).options.topic = 'events-${db_password}')),
      {
        code: 'param.secret-leak',
        message:
          "Source 'events': option 'topic' uses the secret parameter ${db_password}, but its value would appear in generated scripts, the Flink dashboard or logs there. Use secrets only in credential options such as 'password'",
      },
    ],
    [
      'a literal password',
      edit(R, (j) => (out(j).options.password = 'hunter2')),
      {
        code: 'option.literal-secret',
        message:
          "Sink 'stored': option 'password' holds a literal credential, stored in the job in plain text; declare a secret parameter and write ${...} instead",
        severity: 'warning',
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));

  it('accepts a secret in a credential option and a reference in any option', () => {
    const job = R();
    job.parameters = [...(job.parameters ?? []), { name: 'topic_name', default: 'events' }];
    src(job).options.topic = '${topic_name}';
    src(job).options['properties.sasl.jaas.config'] =
      'org.apache.kafka.common.security.plain.PlainLoginModule required password="${db_password}";';
    expect(validateDag(job).issues).toEqual([]);
  });
});

describe('validateDag: graph', () => {
  it.each<Case>([
    [
      'a duplicate node id',
      edit(S, (j) => (node(j, 'out').id = 'py')),
      {
        code: 'graph.duplicate-node-id',
        message: "Sink 'printed' has the id 'py', which Step 'step' already uses; node ids must be unique",
      },
    ],
    [
      'an edge to a missing node',
      edit(S, (j) => graph(j).edges.push({ id: 'e3', source: 'py', target: 'ghost' })),
      {
        code: 'edge.unknown-node',
        message: "Edge 'e3' ends at node 'ghost', which does not exist",
        path: ['graph', 'edges', 2, 'target'],
      },
    ],
    [
      'an edge from a missing node',
      edit(S, (j) => graph(j).edges.push({ id: 'e3', source: 'ghost', target: 'py' })),
      { code: 'edge.unknown-node', message: "Edge 'e3' starts at node 'ghost', which does not exist" },
    ],
    [
      'a duplicate edge',
      edit(S, (j) => graph(j).edges.push({ id: 'e3', source: 'src', target: 'py' })),
      {
        code: 'edge.duplicate',
        message: "Source 'readings' is connected to Step 'step' twice; remove the extra edge",
      },
    ],
    [
      'a duplicate edge id',
      edit(S, (j) => graph(j).edges.push({ id: 'e1', source: 'src', target: 'out' })),
      { code: 'edge.duplicate-id', message: "Edge id 'e1' is used by two edges; edge ids must be unique" },
    ],
    [
      'an edge into a source',
      edit(S, (j) => graph(j).edges.push({ id: 'e3', source: 'py', target: 'src' })),
      {
        code: 'edge.into-source',
        message:
          "Source 'readings' cannot receive data: a source only produces data. Remove the edge from Step 'step'",
      },
    ],
    [
      'an edge out of a sink',
      edit(S, (j) => graph(j).edges.push({ id: 'e3', source: 'out', target: 'py' })),
      {
        code: 'edge.out-of-sink',
        message:
          "Sink 'printed' cannot send data on: a sink is where data ends. Remove the edge to Step 'step'",
      },
    ],
    [
      'a cycle, naming its nodes',
      edit(S, (j) => {
        graph(j).nodes.push({
          id: 'py2',
          kind: 'python',
          name: 'second',
          config: { code: 'def process(r, c):\n    return r' },
        });
        graph(j).edges.push({ source: 'py', target: 'py2' }, { source: 'py2', target: 'py' });
      }),
      {
        code: 'graph.cycle',
        message:
          "step → second → step form a cycle; data would loop forever. Remove one of the edges between 'step' and 'second'",
      },
    ],
    [
      'a node connected to itself',
      edit(S, (j) => graph(j).edges.push({ source: 'py', target: 'py' })),
      {
        code: 'graph.cycle',
        message:
          "Step 'step' is connected to itself; data would loop forever. Remove one of the edges between 'step'",
      },
    ],
    [
      'an empty graph',
      edit(S, (j) => (j.graph = { nodes: [], edges: [] })),
      { code: 'graph.empty', message: 'The pipeline is empty: add at least one source and one sink' },
    ],
    [
      'a graph without sources',
      edit(S, (j) => {
        graph(j).nodes.splice(0, 1);
        graph(j).edges.splice(0, 1);
      }),
      {
        code: 'graph.no-source',
        message: 'The pipeline has no source: add a source node that reads the input data',
      },
    ],
    [
      'a graph without sinks',
      edit(S, (j) => {
        graph(j).nodes.splice(2, 1);
        graph(j).edges.splice(1, 1);
      }),
      {
        code: 'graph.no-sink',
        message: 'The pipeline has no sink: add a sink node where the results are written',
      },
    ],
    [
      'a step without input',
      edit(S, (j) => graph(j).edges.splice(0, 1)),
      {
        code: 'graph.unconnected',
        message: "Step 'step' receives no data: connect a source (or a step fed by one) to it",
      },
    ],
    [
      'a source leading nowhere',
      edit(S, (j) => graph(j).edges.splice(0, 1)),
      {
        code: 'graph.unconnected',
        message: "Source 'readings' does not lead to any sink: connect it to a step or a sink",
      },
    ],
    [
      'a step without output',
      edit(S, (j) => graph(j).edges.splice(1, 1)),
      {
        code: 'graph.unconnected',
        message: "Step 'step' leads to no sink, so its output would be lost: connect it to a sink",
      },
    ],
    [
      'a sink without input',
      edit(S, (j) => graph(j).edges.splice(1, 1)),
      {
        code: 'graph.unconnected',
        message: "Sink 'printed' receives no data: connect a source or a step to it",
      },
    ],
    [
      'an isolated step',
      edit(S, (j) =>
        graph(j).nodes.push({
          id: 'lone',
          kind: 'python',
          name: 'lone',
          config: { code: 'def process(r, c):\n    return r' },
        }),
      ),
      {
        code: 'graph.unconnected',
        message: "Step 'lone' is not on any path from a source to a sink: connect its input and output",
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));

  it('accepts a source wired straight to a sink, and fan-in and fan-out', () => {
    const job = S();
    graph(job).edges.push({ source: 'src', target: 'out' });
    graph(job).nodes.push({
      id: 'out2',
      kind: 'sink',
      name: 'printed_again',
      config: { connector: 'print', columns: [{ name: 'id', type: 'INT' }] },
    });
    graph(job).edges.push({ source: 'py', target: 'out2' });
    expect(validateDag(job).issues).toEqual([]);
  });
});

describe('validateDag: names', () => {
  it.each<Case>([
    [
      'a table name with a hyphen',
      edit(S, (j) => (node(j, 'src').name = 'log-input')),
      {
        code: 'node.name-invalid',
        message:
          "Source 'log-input': 'log-input' is not valid as a table name. Use letters, digits and underscores, not starting with a digit, e.g. 'log_input'",
      },
    ],
    [
      'a step name starting with a digit',
      edit(S, (j) => (node(j, 'py').name = '1step')),
      {
        code: 'node.name-invalid',
        message:
          "Step '1step': '1step' is not valid as a step name. Use letters, digits and underscores, not starting with a digit, e.g. '_1step'",
      },
    ],
    [
      'an empty name',
      edit(S, (j) => (node(j, 'py').name = '')),
      { code: 'node.name-empty', message: "Step 'py' has no name: give it one, e.g. 'python_1'" },
    ],
    [
      'a name used twice ignoring case',
      edit(S, (j) => (node(j, 'out').name = 'Readings')),
      {
        code: 'node.name-duplicate',
        message:
          "Sink 'Readings': the name is used by 2 nodes ('readings', 'Readings'); names must be unique, ignoring case",
      },
    ],
    [
      'a name that is too long',
      edit(S, (j) => (node(j, 'py').name = 'x'.repeat(129))),
      {
        code: 'node.name-invalid',
        message: `Step '${'x'.repeat(129)}': the name is longer than 128 characters`,
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));
});

describe('validateDag: connectors and options', () => {
  it.each<Case>([
    [
      'an unknown connector, with a suggestion',
      edit(R, (j) => (src(j).connector = 'kafak')),
      {
        code: 'connector.unknown',
        message:
          "Source 'events': unknown connector 'kafak'; did you mean 'kafka'? Connectors for a source: kafka, upsert-kafka, jdbc, filesystem or datagen",
      },
    ],
    [
      'no connector',
      edit(R, (j) => (src(j).connector = '')),
      {
        code: 'connector.unknown',
        message: "Source 'events': choose a connector: kafka, upsert-kafka, jdbc, filesystem or datagen",
      },
    ],
    [
      'a sink-only connector as a source',
      edit(S, (j) => (src(j).connector = 'print')),
      {
        code: 'connector.direction',
        message:
          "Source 'readings': connector 'print' cannot be a source: it only writes data. Use it in a sink",
      },
    ],
    [
      'a source-only connector as a sink',
      edit(S, (j) => (out(j).connector = 'datagen')),
      {
        code: 'connector.direction',
        message:
          "Sink 'printed': connector 'datagen' cannot be a sink: it only reads data. Use it in a source",
      },
    ],
    [
      'a streaming-only connector in a scheduled job',
      edit(S, (j) => {
        out(j).connector = 'upsert-kafka';
        out(j).options = {
          topic: 't',
          'properties.bootstrap.servers': 'k:9092',
          'key.format': 'json',
          'value.format': 'json',
        };
        out(j).primaryKey = ['id'];
      }),
      {
        code: 'connector.runtime',
        message:
          "Sink 'printed': connector 'upsert-kafka' cannot be used as a sink in a scheduled job; use it in a real-time job",
      },
    ],
    [
      'connector given as an option',
      edit(S, (j) => (src(j).options.connector = 'datagen')),
      {
        code: 'option.connector',
        message: "Source 'readings': set the connector in the 'connector' field, not as an option",
      },
    ],
    [
      'an unknown option, with a suggestion',
      edit(R, (j) => (src(j).options['scan.startup.mod'] = 'earliest-offset')),
      {
        code: 'option.unknown',
        message:
          "Source 'events': unknown option 'scan.startup.mod' for connector 'kafka'; did you mean 'scan.startup.mode'?",
        path: ['graph', 'nodes', 0, 'config', 'options', 'scan.startup.mod'],
      },
    ],
    [
      'an option of a format the table does not use',
      edit(R, (j) => (src(j).options['csv.field-delimiter'] = ';')),
      {
        code: 'option.unknown',
        message:
          "Source 'events': option 'csv.field-delimiter' belongs to the csv format, which this table does not use",
      },
    ],
    [
      'a sink option on a source',
      edit(R, (j) => (src(j).options['sink.partitioner'] = 'fixed')),
      {
        code: 'option.direction',
        message:
          "Source 'events': option 'sink.partitioner' only applies to a sink; it has no effect on a source",
        severity: 'warning',
      },
    ],
    [
      'a per-column option for a missing column',
      edit(S, (j) => (src(j).options['fields.idd.kind'] = 'sequence')),
      {
        code: 'option.column',
        message:
          "Source 'readings': option 'fields.idd.kind' refers to column 'idd', which this table does not declare",
      },
    ],
    [
      'a number option with text',
      edit(S, (j) => (src(j).options['number-of-rows'] = 'ten')),
      {
        code: 'option.type',
        message: "Source 'readings': option 'number-of-rows' must be a whole number, not 'ten'",
      },
    ],
    [
      'a duration option with a bad unit',
      edit(R, (j) => (src(j).options['scan.topic-partition-discovery.interval'] = '5 parsecs')),
      {
        code: 'option.type',
        message:
          "Source 'events': option 'scan.topic-partition-discovery.interval' must be a duration such as '30 s', '5 min', '1 h' or '500 ms', not '5 parsecs'",
      },
    ],
    [
      'a boolean option with text',
      edit(R, (j) => (src(j).options['json.ignore-parse-errors'] = 'yes')),
      {
        code: 'option.type',
        message: "Source 'events': option 'json.ignore-parse-errors' must be true or false, not 'yes'",
      },
    ],
    [
      'an enum option with a bad value',
      edit(R, (j) => (src(j).options['scan.startup.mode'] = 'earliest')),
      {
        code: 'option.enum',
        message:
          "Source 'events': option 'scan.startup.mode' must be one of 'earliest-offset', 'latest-offset', 'group-offsets', 'timestamp', 'specific-offsets', not 'earliest'",
      },
    ],
    [
      'an unknown format',
      edit(R, (j) => (src(j).options.format = 'xml')),
      {
        code: 'option.enum',
        message:
          "Source 'events': option 'format' must be one of 'json', 'csv', 'raw', 'avro', 'debezium-json', 'canal-json', 'maxwell-json', not 'xml'",
      },
    ],
    [
      'a missing required option',
      edit(R, (j) => delete out(j).options['table-name']),
      {
        code: 'option.missing',
        message: "Sink 'stored': option 'table-name' is required for a jdbc table: Table to read or write.",
      },
    ],
    [
      'a format scheduled runs cannot read',
      edit(S, (j) => {
        src(j).connector = 'filesystem';
        src(j).options = { path: '/tmp/in', format: 'avro' };
      }),
      {
        code: 'format.runtime',
        message: "Source 'readings': format 'avro' is not supported by scheduled runs; use json, csv or raw",
      },
    ],
    [
      'raw with several columns',
      edit(R, (j) => (src(j).options.format = 'raw')),
      {
        code: 'format.single-column',
        message:
          "Source 'events': the raw format maps the whole message to one column, but the table declares 2 physical columns",
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));
});

describe('validateDag: connector rules', () => {
  it.each<Case>([
    [
      'a kafka source without topic',
      edit(R, (j) => delete src(j).options.topic),
      {
        code: 'option.missing',
        message:
          "Source 'events': option 'topic' is required: name the topic to read (or set 'topic-pattern')",
      },
    ],
    [
      'both topic and topic-pattern',
      edit(R, (j) => (src(j).options['topic-pattern'] = 'ev.*')),
      {
        code: 'option.conflict',
        message: "Source 'events': set either 'topic' or 'topic-pattern', not both",
      },
    ],
    [
      'a kafka sink with a topic list',
      edit(R, (j) => {
        out(j).connector = 'kafka';
        out(j).options = { topic: 'a;b', 'properties.bootstrap.servers': 'k:9092', format: 'json' };
      }),
      {
        code: 'option.value',
        message: "Sink 'stored': a kafka sink writes to exactly one topic; remove the ';'",
      },
    ],
    [
      'a kafka table without format',
      edit(R, (j) => delete src(j).options.format),
      {
        code: 'option.missing',
        message: "Source 'events': option 'format' is required: how record values are encoded, e.g. 'json'",
      },
    ],
    [
      'format and value.format',
      edit(R, (j) => (src(j).options['value.format'] = 'json')),
      {
        code: 'option.conflict',
        message: "Source 'events': set either 'format' or 'value.format', not both",
      },
    ],
    [
      'key.format without key.fields',
      edit(R, (j) => (src(j).options['key.format'] = 'json')),
      {
        code: 'option.missing',
        message:
          "Source 'events': option 'key.fields' is required with 'key.format': list the key columns separated by ';'",
      },
    ],
    [
      'key.fields naming an unknown column',
      edit(R, (j) => Object.assign(src(j).options, { 'key.format': 'json', 'key.fields': 'id;nope' })),
      {
        code: 'option.column',
        message:
          "Source 'events': 'key.fields' names column 'nope', which is not a physical column of this table",
      },
    ],
    [
      'startup by timestamp without the timestamp',
      edit(R, (j) => (src(j).options['scan.startup.mode'] = 'timestamp')),
      {
        code: 'option.missing',
        message:
          "Source 'events': option 'scan.startup.timestamp-millis' is required when 'scan.startup.mode' is 'timestamp'",
      },
    ],
    [
      'latest-offset in a scheduled job',
      edit(S, (j) => {
        src(j).connector = 'kafka';
        src(j).options = {
          topic: 't',
          'properties.bootstrap.servers': 'k:9092',
          format: 'json',
          'scan.startup.mode': 'latest-offset',
        };
      }),
      {
        code: 'kafka.reads-nothing',
        message:
          "Source 'readings': 'latest-offset' reads nothing in a scheduled run, which stops at the end offsets seen when it starts; use 'group-offsets' to continue where the last run stopped",
        severity: 'warning',
      },
    ],
    [
      'exactly-once without a transactional id prefix',
      edit(R, (j) => {
        out(j).connector = 'kafka';
        out(j).options = {
          topic: 'a',
          'properties.bootstrap.servers': 'k:9092',
          format: 'json',
          'sink.delivery-guarantee': 'exactly-once',
        };
      }),
      {
        code: 'option.missing',
        message:
          "Sink 'stored': option 'sink.transactional-id-prefix' is required for 'exactly-once' delivery",
      },
    ],
    [
      'exactly-once without checkpoints',
      edit(R, (j) => {
        j.realtime = { checkpointIntervalMs: 0 };
        out(j).connector = 'kafka';
        out(j).options = {
          topic: 'a',
          'properties.bootstrap.servers': 'k:9092',
          format: 'json',
          'sink.delivery-guarantee': 'exactly-once',
          'sink.transactional-id-prefix': 'x',
        };
      }),
      {
        code: 'kafka.exactly-once-needs-checkpoints',
        message:
          "Sink 'stored': 'exactly-once' delivery commits on checkpoints: enable checkpointing (realtime.checkpointIntervalMs)",
      },
    ],
    [
      'upsert-kafka without primary key',
      edit(R, (j) => {
        out(j).connector = 'upsert-kafka';
        out(j).options = {
          topic: 't',
          'properties.bootstrap.servers': 'k:9092',
          'key.format': 'json',
          'value.format': 'json',
        };
        delete out(j).primaryKey;
      }),
      {
        code: 'table.primary-key-required',
        message:
          "Sink 'stored': upsert-kafka needs a primary key: it decides the Kafka record key and which rows replace each other",
      },
    ],
    [
      'a jdbc user without password',
      edit(R, (j) => delete out(j).options.password),
      {
        code: 'option.missing',
        message: "Sink 'stored': 'username' and 'password' go together: set both or neither",
      },
    ],
    [
      'a partial partitioned scan',
      edit(R, (j) => {
        src(j).connector = 'jdbc';
        src(j).options = { url: 'jdbc:mysql://h/db', 'table-name': 't', 'scan.partition.column': 'id' };
      }),
      {
        code: 'option.missing',
        message:
          "Source 'events': a partitioned scan needs all of 'scan.partition.column', 'scan.partition.num', 'scan.partition.lower-bound', 'scan.partition.upper-bound'; missing 'scan.partition.num', 'scan.partition.lower-bound', 'scan.partition.upper-bound'",
      },
    ],
    [
      'a non-MySQL URL in a scheduled job',
      edit(S, (j) => {
        out(j).connector = 'jdbc';
        out(j).options = { url: 'jdbc:postgresql://h/db', 'table-name': 't' };
      }),
      {
        code: 'jdbc.url-scheme',
        message:
          "Sink 'printed': scheduled runs connect to MySQL or MariaDB only: the URL must start with 'jdbc:mysql://' or 'jdbc:mariadb://'",
      },
    ],
    [
      'a non-MySQL URL in a real-time job',
      edit(R, (j) => (out(j).options.url = 'jdbc:postgresql://h/db')),
      {
        code: 'jdbc.url-scheme',
        severity: 'warning',
        message:
          "Sink 'stored': the URL is not a MySQL/MariaDB URL ('jdbc:mysql://' or 'jdbc:mariadb://'): make sure the environment has the JDBC driver and dialect for it",
      },
    ],
    [
      'a password inside the URL',
      edit(R, (j) => (out(j).options.url = 'jdbc:mysql://h/db?user=a&password=b')),
      {
        code: 'option.literal-secret',
        severity: 'warning',
        message:
          "Sink 'stored': the URL contains a password: move it to the 'password' option with a secret parameter",
      },
    ],
    [
      'lookup cache options without PARTIAL',
      edit(R, (j) => (out(j).options['lookup.partial-cache.max-rows'] = '10')),
      {
        code: 'option.ignored',
        severity: 'warning',
        message:
          "Sink 'stored': 'lookup.partial-cache.max-rows' only applies when 'lookup.cache' is 'PARTIAL'",
      },
    ],
    [
      'a watching filesystem source in a scheduled job',
      edit(S, (j) => {
        src(j).connector = 'filesystem';
        src(j).options = { path: '/tmp/in', format: 'json', 'source.monitor-interval': '10 s' };
      }),
      {
        code: 'source.unbounded',
        message:
          "Source 'readings': 'source.monitor-interval' keeps watching for new files, so a scheduled run would never finish; remove it or make this a real-time job",
      },
    ],
    [
      'a streaming file sink without checkpoints',
      edit(R, (j) => {
        j.realtime = { checkpointIntervalMs: 0 };
        out(j).connector = 'filesystem';
        out(j).options = { path: '/tmp/out', format: 'json' };
      }),
      {
        code: 'filesystem.needs-checkpoints',
        severity: 'warning',
        message:
          "Sink 'stored': a streaming file sink finishes files on checkpoints: with checkpointing off, files stay in progress and invisible",
      },
    ],
    [
      'an unbounded datagen in a scheduled job',
      edit(S, (j) => (src(j).options = {})),
      {
        code: 'source.unbounded',
        message:
          "Source 'readings': datagen never ends without 'number-of-rows', so a scheduled run would never finish; set 'number-of-rows' or make this a real-time job",
      },
    ],
    [
      'a datagen sequence without end',
      edit(S, (j) => Object.assign(src(j).options, { 'fields.id.kind': 'sequence', 'fields.id.start': '1' })),
      {
        code: 'option.missing',
        message: "Source 'readings': option 'fields.id.end' is required for a sequence column",
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));

  it('lets a kafka source run in a scheduled job (bounded by the end offsets at start)', () => {
    const job = S();
    src(job).connector = 'kafka';
    src(job).options = {
      topic: 't',
      'properties.bootstrap.servers': 'k:9092',
      format: 'json',
      'properties.group.id': 'g',
    };
    expect(validateDag(job).issues).toEqual([]);
  });

  it('accepts an unbounded datagen in a real-time job', () => {
    const job = R();
    src(job).connector = 'datagen';
    src(job).options = {};
    expect(validateDag(job).issues).toEqual([]);
  });
});

describe('validateDag: columns', () => {
  it.each<Case>([
    [
      'a table without physical columns',
      edit(S, (j) => (out(j).columns = [])),
      {
        code: 'table.no-columns',
        message: "Sink 'printed': declare at least one physical column (a name and a Flink SQL type)",
      },
    ],
    [
      'an unparsable type',
      edit(S, (j) => (src(j).columns[0].type = 'DECIMAL(40, 2)')),
      {
        code: 'column.type-invalid',
        message:
          "Source 'readings': column 'id' has an invalid type 'DECIMAL(40, 2)': DECIMAL precision must be between 1 and 38, got 40 (at character 9)",
        path: ['graph', 'nodes', 0, 'config', 'columns', 0, 'type'],
      },
    ],
    [
      'an unclosed ROW',
      edit(S, (j) => (src(j).columns[0].type = 'ROW<a INT')),
      {
        code: 'column.type-invalid',
        message:
          "Source 'readings': column 'id' has an invalid type 'ROW<a INT': Expected '>' to close ROW<, found the end of the type (at character 10)",
      },
    ],
    [
      'a missing type',
      edit(S, (j) => (src(j).columns[0].type = '')),
      {
        code: 'column.type-missing',
        message: "Source 'readings': column 'id' has no type, e.g. STRING, BIGINT or TIMESTAMP(3)",
      },
    ],
    [
      'a column without name',
      edit(S, (j) => (src(j).columns[0].name = ' ')),
      { code: 'column.name-empty', message: "Source 'readings': column 1 has no name" },
    ],
    [
      'a column name with a line break',
      edit(S, (j) => (src(j).columns[0].name = 'a\nb')),
      {
        code: 'column.name-invalid',
        message:
          "Source 'readings': column name 'a\\nb' contains a line break, which Flink SQL cannot express",
      },
    ],
    [
      'a duplicate column',
      edit(S, (j) => (src(j).columns[1].name = 'id')),
      {
        code: 'column.name-duplicate',
        message: "Source 'readings': column 'id' is declared twice (columns 1 and 2)",
      },
    ],
    [
      'columns differing only in case',
      edit(S, (j) => (src(j).columns[1].name = 'ID')),
      {
        code: 'column.name-case',
        severity: 'warning',
        message:
          "Source 'readings': columns 'id' and 'ID' differ only in case; MySQL and JSON consumers may mix them up",
      },
    ],
    [
      'an unsafe computed expression',
      edit(S, (j) =>
        src(j).columns.push({ kind: 'computed', name: 'c', expression: "1) WITH ('connector'='x'" }),
      ),
      {
        code: 'column.expression-invalid',
        message:
          "Source 'readings': computed column 'c': Unbalanced ')': it closes nothing that was opened (at character 2)",
      },
    ],
    [
      'a computed column in a sink',
      edit(S, (j) => out(j).columns.push({ kind: 'computed', name: 'c', expression: 'id + 1' })),
      {
        code: 'column.computed-in-sink',
        severity: 'warning',
        message:
          "Sink 'printed': computed column 'c' is not written by a sink; remove it or make it a physical column",
      },
    ],
    [
      'metadata on a connector without metadata',
      edit(R, (j) => out(j).columns.push({ kind: 'metadata', name: 'm', type: 'INT' })),
      {
        code: 'metadata.unsupported',
        message: "Sink 'stored': connector 'jdbc' exposes no metadata; make 'm' a physical column",
      },
    ],
    [
      'an unknown metadata key',
      edit(R, (j) =>
        src(j).columns.push({ kind: 'metadata', name: 'ts2', type: 'TIMESTAMP_LTZ(3)', key: 'timestmp' }),
      ),
      {
        code: 'metadata.key-unknown',
        message:
          "Source 'events': 'timestmp' is not metadata of connector 'kafka'; did you mean 'timestamp'? Available: topic, partition, headers, leader-epoch, offset, timestamp, timestamp-type",
      },
    ],
    [
      'read-only metadata written by a sink',
      edit(R, (j) => {
        out(j).connector = 'kafka';
        out(j).options = { topic: 'a', 'properties.bootstrap.servers': 'k:9092', format: 'json' };
        delete out(j).primaryKey;
        out(j).columns.push({ kind: 'metadata', name: 'offset', type: 'BIGINT' });
      }),
      {
        code: 'metadata.read-only',
        message:
          "Sink 'stored': metadata 'offset' is read-only: mark column 'offset' as virtual so that the sink does not try to write it",
      },
    ],
    [
      'a watermark on a missing column',
      edit(R, (j) => (src(j).watermark = { column: 'tss', expression: 'tss' })),
      {
        code: 'watermark.column-unknown',
        message: "Source 'events': the watermark is on column 'tss', which this table does not declare",
      },
    ],
    [
      'a watermark on a non-time column',
      edit(R, (j) => (src(j).watermark = { column: 'id', expression: 'id' })),
      {
        code: 'watermark.column-type',
        message:
          "Source 'events': the watermark column 'id' must be TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p at most 3, not STRING",
      },
    ],
    [
      'an unsafe watermark expression',
      edit(R, (j) => (src(j).watermark = { column: 'ts', expression: 'ts -- x' })),
      {
        code: 'watermark.expression-invalid',
        message:
          "Source 'events': watermark expression: Comments are not allowed inside an expression (at character 4)",
      },
    ],
    [
      'a watermark on a sink',
      edit(R, (j) => {
        out(j).columns.push({ name: 'ts', type: 'TIMESTAMP(3)' });
        out(j).watermark = { column: 'ts', expression: 'ts' };
      }),
      {
        code: 'watermark.in-sink',
        severity: 'warning',
        message: "Sink 'stored': a watermark has no effect on a sink",
      },
    ],
    [
      'a watermark in a scheduled job',
      edit(S, (j) => (src(j).watermark = { column: 'ts', expression: 'ts' })),
      {
        code: 'watermark.in-batch',
        severity: 'info',
        message: "Source 'readings': the watermark has no effect in scheduled runs",
      },
    ],
    [
      'an empty primary key',
      edit(R, (j) => (out(j).primaryKey = [])),
      {
        code: 'primary-key.empty',
        message: "Sink 'stored': the primary key lists no columns; remove it or name at least one column",
      },
    ],
    [
      'a primary key on a missing column',
      edit(R, (j) => (out(j).primaryKey = ['nope'])),
      {
        code: 'primary-key.column-unknown',
        message: "Sink 'stored': primary key column 'nope' is not declared",
      },
    ],
    [
      'a primary key column listed twice',
      edit(R, (j) => (out(j).primaryKey = ['id', 'id'])),
      {
        code: 'primary-key.duplicate',
        message: "Sink 'stored': column 'id' appears twice in the primary key",
      },
    ],
    [
      'a primary key on a computed column',
      edit(R, (j) => {
        src(j).columns.push({ kind: 'computed', name: 'c', expression: 'UPPER(id)' });
        src(j).primaryKey = ['c'];
      }),
      {
        code: 'primary-key.column-kind',
        message: "Source 'events': primary key column 'c' must be a physical column, not a computed column",
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));
});

describe('validateDag: python steps', () => {
  it.each<Case>([
    [
      'a pyflink step in a scheduled job',
      edit(S, (j) => (py(j).mode = 'pyflink')),
      {
        code: 'python.mode-not-allowed',
        message:
          "Step 'step': pyflink steps run only in real-time jobs on Flink. Rewrite it as a record step (def process(record, ctx)) or make this a real-time job",
      },
    ],
    [
      'empty code',
      edit(S, (j) => (py(j).code = '  \n')),
      {
        code: 'python.code-empty',
        message:
          "Step 'step' has no code: define process(record, ctx) returning a dict, a list of dicts or None",
      },
    ],
    [
      'a record step without process',
      edit(S, (j) => (py(j).code = 'def handle(record):\n    return record\n')),
      {
        code: 'python.process-missing',
        message:
          "Step 'step' must define process(record, ctx) at the top level; it is called once per record",
      },
    ],
    [
      'an async process',
      edit(S, (j) => (py(j).code = 'async def process(record, ctx):\n    return record\n')),
      {
        code: 'python.process-async',
        message: "Step 'step': process(record, ctx) must be a plain function, not async",
      },
    ],
    [
      'a fragment reading an unknown table',
      edit(R, (j) => {
        py(j).mode = 'pyflink';
        py(j).code = 't = t_env.from_path("evnts")\nt.execute_insert("stored")\n';
      }),
      {
        code: 'python.unknown-table',
        severity: 'warning',
        message: "Step 'step' reads table 'evnts', which no source in this job defines",
      },
    ],
    [
      'a fragment writing an unknown table',
      edit(R, (j) => {
        py(j).mode = 'pyflink';
        py(j).code = 't = t_env.from_path("events")\nt.execute_insert("stord")\n';
      }),
      {
        code: 'python.unknown-table',
        severity: 'warning',
        message: "Step 'step' writes to table 'stord', which no sink in this job defines",
      },
    ],
  ])('reports %s', (_t, build, expected) => expectIssue(build(), expected));

  it('accepts a fragment that reads tables and views of the job', () => {
    const job = R();
    py(job).mode = 'pyflink';
    py(job).code = [
      'from pyflink.table import DataTypes',
      't = t_env.from_path("events")',
      't_env.create_temporary_view("tmp", t)',
      't_env.sql_query("SELECT id FROM tmp").execute_insert("stored")',
    ].join('\n');
    expect(validateDag(job).issues).toEqual([]);
  });
});
