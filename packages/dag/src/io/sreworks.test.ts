import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../test/zip-tools.js';
import { exampleJobs } from '../examples/examples.js';
import { type Job, type JobInput, jobSchema } from '../model/job.schema.js';
import { ExportError, exportSreworksPackage } from './sreworks-export.js';
import { fromFString, toFString } from './sreworks-format.js';
import { importSreworksPackage } from './sreworks-import.js';

const files = (zip: Uint8Array) =>
  Object.fromEntries(Object.entries(unzipSync(zip)).map(([k, v]) => [k, strFromU8(v)]));

describe('SREWorks package export', () => {
  it('writes the SREWorks layout with settings, template, blocks and python files', () => {
    const job = exampleJobs().kafkaPythonJdbc;
    const out = files(exportSreworksPackage(job));
    expect(Object.keys(out)).toEqual([
      'settings.json',
      'template.py',
      'sources/events.json',
      'sinks/events_store.json',
      'pythons/normalise_event.py',
    ]);
    const source = JSON.parse(out['sources/events.json']!);
    expect(source.sourceType).toBe('kafka');
    expect(source.options[0]).toEqual({ key: 'connector', value: 'kafka' });
    expect(source.options).toContainEqual({ key: 'properties.bootstrap.servers', value: '{kafka_servers}' });
    expect(source.columns).toContainEqual({
      columnName: 'kafka_offset',
      columnType: "BIGINT METADATA FROM 'offset' VIRTUAL",
    });
    expect(source.columns).toContainEqual({
      columnType: "WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND",
    });
    const settings = JSON.parse(out['settings.json']!);
    expect(settings.parallelism).toBe(1);
    expect(settings.execParams).toContainEqual({ key: 'db_password', value: '' });
    expect(settings.sluice.pythonOrder).toEqual(['normalise_event']);
    expect(out['template.py']).toContain('db_password = args.db_password');
    expect(out['template.py']).toContain('# EXEC_BLOCK #');
  });

  it('is deterministic', () => {
    const job = exampleJobs().jdbcPythonJdbc;
    expect(exportSreworksPackage(job)).toEqual(exportSreworksPackage(structuredClone(job)));
  });

  it('refuses names that are not safe file names', () => {
    const job = exampleJobs().datagenDemo;
    job.graph.nodes[0]!.name = '../evil';
    expect(() => exportSreworksPackage(job)).toThrow(ExportError);
    expect(() => exportSreworksPackage(job)).toThrow("'../evil' is not a valid file name for a step");
  });
});

describe('SREWorks package round trip', () => {
  it('keeps every example job equal', () => {
    for (const job of Object.values(exampleJobs())) {
      const back = importSreworksPackage(exportSreworksPackage(job));
      expect(back.issues).toEqual([]);
      expect(back.job).toEqual(job);
    }
  });

  it('keeps a job with its own PyFlink template and resources equal', () => {
    const job = exampleJobs().kafkaPythonJdbc;
    job.realtime!.pyflinkTemplate = 'from pyflink.table import *\n# SOURCE_BLOCK #\n# EXEC_BLOCK #\n';
    job.realtime!.resources = {
      jobManager: { cpu: 1, memory: '2g' },
      taskManager: { cpu: 2, memory: '4g' },
      taskManagers: 3,
    };
    expect(importSreworksPackage(exportSreworksPackage(job)).job).toEqual(job);
  });

  const text = fc.string({ maxLength: 20, unit: 'binary' });
  const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
  const colName = fc
    .string({ minLength: 1, maxLength: 10, unit: 'binary' })
    .filter((s) => !/[\r\n]/.test(s) && s.trim() !== '');
  const columns = fc.uniqueArray(colName, { minLength: 1, maxLength: 4 }).chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.oneof(
          fc
            .constantFrom('INT', 'string', 'ROW<a INT, `b``c` ARRAY<STRING>>', 'DECIMAL(10, 2) NOT NULL')
            .map((type) => ({ kind: 'physical' as const, name, type })),
          text.map((s) => ({
            kind: 'computed' as const,
            name,
            expression: `CONCAT('${s.replaceAll("'", "''")}', 'x')`,
          })),
          fc
            .record({
              t: fc.constant('TIMESTAMP_LTZ(3)'),
              key: fc.option(text, { nil: undefined }),
              virtual: fc.boolean(),
            })
            .map(({ t, key, virtual }) => ({
              kind: 'metadata' as const,
              name,
              type: t,
              virtual,
              ...(key === undefined ? {} : { key }),
            })),
        ),
      ),
    ),
  );
  const table = (kind: 'source' | 'sink') =>
    fc.record({
      kind: fc.constant(kind),
      connector: fc.constantFrom('kafka', 'jdbc', 'datagen', 'print'),
      options: fc.dictionary(
        fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }).filter((k) => k !== 'connector'),
        text,
        { maxKeys: 5 },
      ),
      columns,
      pk: fc.boolean(),
      wm: fc.boolean(),
    });
  const jobArb = fc
    .record({
      kind: fc.constantFrom('scheduled' as const, 'realtime' as const),
      title: text,
      description: text,
      tags: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
      params: fc.uniqueArray(fc.record({ name: ident, secret: fc.boolean(), value: text }), {
        maxLength: 3,
        selector: (p) => p.name,
      }),
      tables: fc.array(fc.oneof(table('source'), table('sink')), { minLength: 1, maxLength: 4 }),
      pythons: fc.array(
        fc.record({
          code: fc.string({ maxLength: 60, unit: 'binary' }),
          mode: fc.constantFrom('record' as const, 'pyflink' as const),
        }),
        { maxLength: 3 },
      ),
      positions: fc.array(fc.record({ x: fc.integer(), y: fc.integer() }), { minLength: 8, maxLength: 8 }),
      edgeSeed: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
    })
    .map((r): Job => {
      const nodes: JobInput['graph']['nodes'] = [];
      r.tables.forEach((t, i) => {
        const config: Record<string, unknown> = {
          connector: t.connector,
          options: t.options,
          columns: t.columns,
        };
        const physical = t.columns.filter((c) => c.kind === 'physical').map((c) => c.name);
        if (t.pk && physical.length > 0) config.primaryKey = physical.slice(0, 1);
        if (t.wm) config.watermark = { column: t.columns[0]!.name, expression: 'CURRENT_TIMESTAMP' };
        nodes.push({
          id: `t${i}`,
          kind: t.kind,
          name: `table_${i}`,
          position: r.positions[i]!,
          config: config as never,
        });
      });
      r.pythons.forEach((p, i) => {
        nodes.push({
          id: `p${i}`,
          kind: 'python',
          name: `step_${i}`,
          position: r.positions[4 + i]!,
          config: p,
        });
      });
      const edges: { id: string; source: string; target: string }[] = [];
      for (const [a, b] of r.edgeSeed) {
        const s = nodes[a % nodes.length]!;
        const t = nodes[b % nodes.length]!;
        if (s.id !== t.id && !edges.some((e) => e.source === s.id && e.target === t.id))
          edges.push({ id: `${s.id}=>${t.id}`, source: s.id, target: t.id });
      }
      const input: JobInput = {
        name: 'prop-job',
        title: r.title,
        description: r.description,
        tags: r.tags,
        kind: r.kind,
        parameters: r.params.map((p) =>
          p.secret ? { name: p.name, secret: true } : { name: p.name, default: p.value },
        ),
        graph: { nodes, edges },
        ...(r.kind === 'scheduled' ? { schedule: { cron: '0 * * * *' } } : {}),
      };
      return jobSchema.parse(input);
    });

  it('keeps arbitrary jobs equal (property: quotes, braces, ${...}, unicode, newlines)', () => {
    fc.assert(
      fc.property(jobArb, (job) => {
        const back = importSreworksPackage(exportSreworksPackage(job));
        expect(back.job).toEqual(job);
        expect(back.issues.filter((i) => i.file !== undefined)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('converts option values to f-strings and back (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(fromFString(toFString(value)).value).toBe(value);
      }),
      { numRuns: 2_000 },
    );
    expect(toFString('${a} {b} $${c}')).toBe('{a} {{b}} ${{c}}');
  });
});

/** A package shaped like SREWorks' own log clustering job. */
function logClusteringPackage(extra: Record<string, string | Uint8Array> = {}): Uint8Array {
  return makeZip({
    'settings.json': JSON.stringify({
      pythonRuntimeId: 1,
      parallelism: 2,
      numberOfTaskManagers: 1,
      resources: { taskmanager: { memory: '4G', cpu: 1 }, jobmanager: { memory: '4G', cpu: 1 } },
      execParams: [
        { key: 'host', value: '{DB_HOST}' },
        { key: 'user', value: '{DB_USER}' },
        { key: 'password', value: 'plain-text-password' },
        { key: 'database', value: '{DB_NAME}' },
        { key: 'table', value: 'log_pattern' },
        { key: 'port', value: '{DB_PORT}' },
      ],
    }),
    'template.py': [
      'import argparse',
      'parser = argparse.ArgumentParser()',
      "parser.add_argument('--host')",
      'args = parser.parse_args()',
      'DB_HOST = args.host',
      'DB_USER = args.user',
      'DB_PASSWD = args.password',
      'DB_PORT = args.port',
      'DB_NAME = args.database',
      'DB_ORIGIN_DATA_TABLE = args.table',
      "if __name__ == '__main__':",
      '    # SOURCE_BLOCK #',
      '    # SINK_BLOCK #',
      '    # EXEC_BLOCK #',
      '',
    ].join('\n'),
    'sources/log_input.json': JSON.stringify({
      sourceType: 'kafka',
      columns: [
        { columnType: 'MAP<STRING,STRING>', columnName: 'contents' },
        { columnType: "as contents['content']", columnName: 'content' },
        { columnType: 'TIMESTAMP(3) METADATA VIRTUAL', columnName: 'timestamp' },
        { columnType: 'AS `timestamp`', columnName: 'time_ltz' },
        { columnType: 'AS PROCTIME()', columnName: 'user_action_time' },
        { columnType: "WATERMARK FOR time_ltz AS time_ltz - INTERVAL '5' SECOND" },
      ],
      options: [
        { value: 'kafka', key: 'connector' },
        { value: 'kafka.example:9092', key: 'properties.bootstrap.servers' },
        { value: 'json', key: 'format' },
        { value: 'latest-offset', key: 'scan.startup.mode' },
        { value: 'pod-log', key: 'topic' },
        { value: 'pod-log-group', key: 'properties.group.id' },
      ],
    }),
    'sinks/pattern_output.json': JSON.stringify({
      columns: [
        { columnType: 'STRING', columnName: 'pattern' },
        { columnType: 'STRING', columnName: 'sample_raw' },
        { columnType: 'BIGINT', columnName: 'config_id' },
        { columnType: 'PRIMARY KEY (`pattern`,`config_id`) NOT ENFORCED' },
      ],
      options: [
        { value: 'jdbc', key: 'connector' },
        { value: 'jdbc:mysql://{DB_HOST}:{DB_PORT}/{DB_NAME}?useUnicode=true', key: 'url' },
        { value: '{DB_ORIGIN_DATA_TABLE}', key: 'table-name' },
        { value: '{DB_PASSWD}', key: 'password' },
        { value: '{DB_USER}', key: 'username' },
      ],
      sinkType: 'jdbc',
    }),
    'pythons/log_cluster_pattern.py': [
      'input_table = t_env.from_path("log_input")',
      "input_table = input_table.select(col('content').alias('sample_raw'))",
      'input_table.execute_insert("pattern_output").wait()',
      '',
    ].join('\n'),
    ...extra,
  });
}

describe('SREWorks package import (packages from SREWorks)', () => {
  it('maps blocks to nodes, execParams to parameters and {VAR} placeholders to references', () => {
    const { ok, job, issues } = importSreworksPackage(logClusteringPackage(), { name: 'Log Clustering' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(ok).toBe(true);
    expect(job?.name).toBe('log-clustering');
    expect(job?.kind).toBe('realtime');
    expect(job?.graph.nodes.map((n) => [n.id, n.kind, n.name])).toEqual([
      ['source-log_input', 'source', 'log_input'],
      ['python-log_cluster_pattern', 'python', 'log_cluster_pattern'],
      ['sink-pattern_output', 'sink', 'pattern_output'],
    ]);
    expect(job?.graph.edges.map((e) => `${e.source} -> ${e.target}`)).toEqual([
      'source-log_input -> python-log_cluster_pattern',
      'python-log_cluster_pattern -> sink-pattern_output',
    ]);
    const sink = job?.graph.nodes[2];
    if (sink?.kind !== 'sink') throw new Error('sink expected');
    expect(sink.config.options).toEqual({
      url: 'jdbc:mysql://${host}:${port}/${database}?useUnicode=true',
      'table-name': '${table}',
      password: '${password}',
      username: '${user}',
    });
    expect(sink.config.primaryKey).toEqual(['pattern', 'config_id']);
    const source = job?.graph.nodes[0];
    if (source?.kind !== 'source') throw new Error('source expected');
    expect(source.config.columns[1]).toEqual({
      kind: 'computed',
      name: 'content',
      expression: "contents['content']",
    });
    expect(source.config.columns[2]).toEqual({
      kind: 'metadata',
      name: 'timestamp',
      type: 'TIMESTAMP(3)',
      virtual: true,
    });
    expect(source.config.watermark).toEqual({
      column: 'time_ltz',
      expression: "time_ltz - INTERVAL '5' SECOND",
    });
    expect(job?.parameters.find((p) => p.name === 'password')).toMatchObject({ secret: true });
    expect(job?.parameters.find((p) => p.name === 'table')).toMatchObject({
      default: 'log_pattern',
      secret: false,
    });
    expect(job?.realtime?.parallelism).toBe(2);
    expect(job?.realtime?.resources).toEqual({
      jobManager: { cpu: 1, memory: '4G' },
      taskManager: { cpu: 1, memory: '4G' },
      taskManagers: 1,
    });
    expect(job?.realtime?.pyflinkTemplate).toContain('DB_HOST = args.host');
  });

  it('never imports a secret value, and says so', () => {
    const { job, issues } = importSreworksPackage(logClusteringPackage());
    expect(JSON.stringify(job)).not.toContain('plain-text-password');
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'package.secret-dropped',
        file: 'settings.json',
        message:
          "settings.json: execParams 'password' looks like a secret; its value was not imported. Supply it when the job starts",
      }),
    );
  });

  it('reports each broken file by name and builds the job from the rest', () => {
    const { job, issues } = importSreworksPackage(
      logClusteringPackage({
        'sources/broken.json': '{ not json',
        'sinks/no_connector.json': JSON.stringify({ columns: [], options: [] }),
        'pythons/latin1.py': new Uint8Array([0x70, 0xe9, 0xff]),
        'sinks/bad_column.json': JSON.stringify({
          sinkType: 'print',
          columns: [{ columnType: 'NOT A CLAUSE' }],
          options: [],
        }),
        'README.md': '# hello',
        '../escape.py': 'x',
      }),
    );
    const byFile = Object.fromEntries(
      issues.filter((i) => i.file !== undefined && i.severity !== 'info').map((i) => [i.file, i.message]),
    );
    expect(byFile['sources/broken.json']).toMatch(/^sources\/broken\.json: not valid JSON/);
    expect(byFile['sinks/no_connector.json']).toBe(
      "sinks/no_connector.json: no connector (sinkType or option 'connector')",
    );
    expect(byFile['pythons/latin1.py']).toBe('pythons/latin1.py: not valid UTF-8 text');
    expect(byFile['sinks/bad_column.json']).toBe(
      'sinks/bad_column.json: column 1 has no name, but its text is not a WATERMARK or PRIMARY KEY clause',
    );
    expect(byFile['README.md']).toContain('it was ignored');
    expect(byFile['../escape.py']).toBe('../escape.py: its path leaves the package ("..")');
    expect(job?.graph.nodes.map((n) => n.name)).toEqual([
      'log_input',
      'log_cluster_pattern',
      'pattern_output',
    ]);
  });

  it('reads a package zipped as a folder and names the job after it', () => {
    const inner = unzipSync(logClusteringPackage());
    const wrapped = makeZip(
      Object.fromEntries(Object.entries(inner).map(([k, v]) => [`log-clustering-job/${k}`, v])),
    );
    const { job } = importSreworksPackage(wrapped);
    expect(job?.name).toBe('log-clustering-job');
  });

  it('orders python steps by what they define and use, not by file name', () => {
    const zip = makeZip({
      'settings.json': '{}',
      'sources/src.json': JSON.stringify({
        sourceType: 'datagen',
        columns: [{ columnName: 'a', columnType: 'INT' }],
        options: [],
      }),
      'sinks/out.json': JSON.stringify({
        sinkType: 'print',
        columns: [{ columnName: 'a', columnType: 'INT' }],
        options: [],
      }),
      'pythons/a_write.py': 'filtered.execute_insert("out")\n',
      'pythons/b_read.py': 'table = t_env.from_path("src")\nfiltered = table.where(col("a") > 1)\n',
    });
    const { job, issues } = importSreworksPackage(zip);
    expect(job?.graph.nodes.filter((n) => n.kind === 'python').map((n) => n.name)).toEqual([
      'b_read',
      'a_write',
    ]);
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'package.python-order',
        message: 'Python step order derived from what each step defines and uses: b_read, a_write',
      }),
    );
    expect(job?.graph.edges.map((e) => `${e.source}>${e.target}`)).toEqual([
      'source-src>python-b_read',
      'python-b_read>python-a_write',
      'python-a_write>sink-out',
    ]);
  });

  it('uses an explicit pythonOrder, else natural file-name order', () => {
    const base = {
      'sources/src.json': JSON.stringify({
        sourceType: 'datagen',
        columns: [{ columnName: 'a', columnType: 'INT' }],
        options: [],
      }),
      'pythons/step10.py': 'print(10)\n',
      'pythons/step2.py': 'print(2)\n',
    };
    const explicit = importSreworksPackage(
      makeZip({ ...base, 'settings.json': JSON.stringify({ pythonOrder: ['step10', 'step2'] }) }),
    );
    expect(explicit.job?.graph.nodes.filter((n) => n.kind === 'python').map((n) => n.name)).toEqual([
      'step10',
      'step2',
    ]);
    expect(explicit.issues).toContainEqual(
      expect.objectContaining({
        message: 'Python step order taken from pythonOrder in settings.json: step10, step2',
      }),
    );
    const natural = importSreworksPackage(makeZip({ ...base, 'settings.json': '{}' }));
    expect(natural.job?.graph.nodes.filter((n) => n.kind === 'python').map((n) => n.name)).toEqual([
      'step2',
      'step10',
    ]);
    expect(natural.issues).toContainEqual(
      expect.objectContaining({
        message:
          'Python step order taken from the file names (no dependencies between steps found): step2, step10',
      }),
    );
  });

  it('reports a missing file listed by a Sluice export', () => {
    const zip = unzipSync(exportSreworksPackage(exampleJobs().datagenDemo));
    delete zip['pythons/tag_hot.py'];
    const { ok, issues } = importSreworksPackage(makeZip(zip));
    expect(ok).toBe(false);
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: 'pythons/tag_hot.py',
        message: 'pythons/tag_hot.py is missing (settings.json lists it)',
      }),
    );
  });

  it('never throws on arbitrary bytes or damaged packages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1_000 }), (bytes) => {
        const r = importSreworksPackage(bytes);
        expect(r.ok).toBe(false);
        expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
    const zip = exportSreworksPackage(exampleJobs().kafkaPythonJdbc);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const copy = zip.slice();
          for (const [at, v] of edits) copy[at] = v;
          const r = importSreworksPackage(copy);
          expect(r.issues.every((i) => i.code !== 'internal')).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
