// Timing worker of bench/throughput.ts, in plain JavaScript so that it measures the built package
// (dist/, the code Node runs) with no transpiler hooks in the way. Reads a file of log lines in
// chunks (every line is a fresh string, as when reading a stream), times only `learn`, and prints
// JSON: lines/s from empty (the first `--cold` lines) and in steady state (the rest), peak memory.
//
// Usage: node bench/learn-worker.mjs <file> [--cold N] [--limit N]
import { closeSync, openSync, readSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { LogClusterer } from '../dist/index.js';

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const cold = opt('--cold', 24000);
const limit = opt('--limit', Number.POSITIVE_INFINITY);
if (!file) {
  console.error('usage: node bench/learn-worker.mjs <file> [--cold N] [--limit N]');
  process.exit(2);
}

const c = new LogClusterer();
const fd = openSync(file, 'r');
const buf = Buffer.alloc(8 << 20);
let carry = '';
let n = 0;
let msCold = 0;
let msSteady = 0;
let heapPeak = 0;
for (;;) {
  const got = readSync(fd, buf, 0, buf.length, null);
  if (got === 0) break;
  const text = carry + buf.toString('utf8', 0, got);
  const lines = text.split('\n');
  carry = lines.pop() ?? '';
  let i = 0;
  while (i < lines.length && n < limit) {
    // Time cold and steady lines separately (the boundary may fall inside a chunk).
    const end = Math.min(lines.length, n < cold ? i + (cold - n) : lines.length, i + (limit - n));
    const t0 = performance.now();
    for (let k = i; k < end; k++) c.learn(lines[k]);
    const ms = performance.now() - t0;
    if (n < cold) msCold += ms;
    else msSteady += ms;
    n += end - i;
    i = end;
  }
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  if (n >= limit) break;
}
closeSync(fd);
const phase = (lines, ms) => ({
  lines,
  seconds: +(ms / 1000).toFixed(3),
  linesPerSec: Math.round(lines / (ms / 1000)),
});
const coldLines = Math.min(cold, n);
console.log(
  JSON.stringify({
    file,
    lines: n,
    fromEmpty: phase(coldLines, msCold),
    steady: phase(n - coldLines, msSteady),
    overall: phase(n, msCold + msSteady),
    patterns: c.patternCount,
    clusters: c.clusterCount,
    heapPeakMb: Math.round(heapPeak / 2 ** 20),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    node: process.version,
  }),
);
