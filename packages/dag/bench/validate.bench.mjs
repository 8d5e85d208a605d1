// Validation benchmark: builds real-time jobs of 10, 100, 1,000 and 5,000 nodes (chains of
// kafka/jdbc source -> python -> python -> sink with cross links), validates each many times and
// prints the median. Runs on the built package (dist/): `npm run bench -w @sluice/dag`.
// Writes bench/results/validate.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash, topologicalOrder, validateDag } from '../dist/index.js';

const SIZES = [10, 100, 1_000, 5_000];

function source(c) {
  const kafka = c % 2 === 0;
  return {
    id: `src_${c}`,
    kind: 'source',
    name: `source_${c}`,
    position: { x: 0, y: c * 100 },
    config: kafka
      ? {
          connector: 'kafka',
          options: {
            topic: `topic-${c}`,
            'properties.bootstrap.servers': '${kafka_servers}',
            'properties.group.id': `group-${c}`,
            'scan.startup.mode': 'earliest-offset',
            format: 'json',
            'json.ignore-parse-errors': 'true',
          },
          columns: [
            { name: 'id', type: 'BIGINT NOT NULL' },
            { name: 'payload', type: 'ROW<a INT, b ARRAY<STRING>, c MAP<STRING, DECIMAL(10, 2)>>' },
            { name: 'ts', type: 'TIMESTAMP(3)' },
            { kind: 'metadata', name: 'off', type: 'BIGINT', key: 'offset', virtual: true },
            { kind: 'computed', name: 'proc', expression: 'PROCTIME()' },
          ],
          watermark: { column: 'ts', expression: "`ts` - INTERVAL '5' SECOND" },
        }
      : {
          connector: 'jdbc',
          options: {
            url: 'jdbc:mysql://${db_host}:3306/sluice',
            'table-name': `t_${c}`,
            username: 'sluice',
            password: '${db_password}',
          },
          columns: [
            { name: 'id', type: 'BIGINT NOT NULL' },
            { name: 'name', type: 'VARCHAR(255)' },
            { name: 'amount', type: 'DECIMAL(12, 2)' },
          ],
        },
  };
}

function step(id, x, y) {
  return {
    id,
    kind: 'python',
    name: id,
    position: { x, y },
    config: { mode: 'record', code: 'def process(record, ctx):\n    record["n"] = 1\n    return record\n' },
  };
}

function sink(c) {
  return {
    id: `sink_${c}`,
    kind: 'sink',
    name: `sink_${c}`,
    position: { x: 900, y: c * 100 },
    config: {
      connector: 'jdbc',
      options: {
        url: 'jdbc:mysql://${db_host}:3306/sluice',
        'table-name': `out_${c}`,
        username: 'sluice',
        password: '${db_password}',
      },
      columns: [
        { name: 'id', type: 'BIGINT NOT NULL' },
        { name: 'n', type: 'INT' },
      ],
      primaryKey: ['id'],
    },
  };
}

/** Chains source -> 2 python steps -> sink (the last chain takes the remainder as extra steps), cross-linked. */
function buildJob(nodeCount) {
  const nodes = [];
  const edges = [];
  const chains = Math.floor(nodeCount / 4);
  const extra = nodeCount % 4;
  for (let c = 0; c < chains; c++) {
    const steps = 2 + (c === chains - 1 ? extra : 0);
    const chain = [source(c)];
    for (let i = 0; i < steps; i++) chain.push(step(`step_${c}_${i}`, 300 * (i + 1), c * 100));
    chain.push(sink(c));
    nodes.push(...chain);
    for (let i = 0; i + 1 < chain.length; i++) {
      edges.push({ id: `${chain[i].id}->${chain[i + 1].id}`, source: chain[i].id, target: chain[i + 1].id });
    }
    // Cross links (fan-in / fan-out) make it a DAG rather than independent chains.
    if (c > 0) edges.push({ id: `x_${c}`, source: `step_${c - 1}_1`, target: `step_${c}_0` });
  }
  return {
    name: `bench-${nodeCount}`,
    kind: 'realtime',
    parameters: [
      { name: 'kafka_servers', default: '127.0.0.1:9092' },
      { name: 'db_host', default: '127.0.0.1' },
      { name: 'db_password', secret: true, required: true },
    ],
    graph: { nodes, edges },
    realtime: { checkpointIntervalMs: 10_000 },
  };
}

function measure(fn, runs) {
  // Warm-up, so that the numbers show a running API process rather than the JIT compiling.
  const until = performance.now() + 500;
  for (let i = 0; i < 10 || performance.now() < until; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: at(0.5), p90: at(0.9), min: times[0] };
}

const rows = [];
for (const size of SIZES) {
  const input = buildJob(size);
  const check = validateDag(input);
  if (!check.ok || check.issues.length > 0) {
    console.error(`bench job of ${size} nodes is not valid:`, check.issues.slice(0, 5));
    process.exit(1);
  }
  const runs = size <= 100 ? 200 : size <= 1_000 ? 50 : 15;
  const v = measure(() => validateDag(input), runs);
  const job = check.job;
  const topo = measure(() => topologicalOrder(job.graph), runs);
  const hash = measure(() => contentHash(job), runs);
  rows.push({
    nodes: input.graph.nodes.length,
    edges: input.graph.edges.length,
    runs,
    validateMedianMs: +v.median.toFixed(3),
    validateMinMs: +v.min.toFixed(3),
    validateP90Ms: +v.p90.toFixed(3),
    validateUsPerNode: +((v.median * 1000) / input.graph.nodes.length).toFixed(2),
    topoMedianMs: +topo.median.toFixed(3),
    hashMedianMs: +hash.median.toFixed(3),
  });
}

console.log('validateDag (median of N runs), Node', process.version);
console.table(rows);
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1], rows[i]];
  console.log(
    `${a.nodes} -> ${b.nodes} nodes (x${b.nodes / a.nodes}): validation time x${(b.validateMedianMs / a.validateMedianMs).toFixed(1)} (median), x${(b.validateMinMs / a.validateMinMs).toFixed(1)} (min)`,
  );
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'validate.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
