/**
 * Throughput benchmark: single-thread lines/s and peak memory of LogClusterer.learn, learning from
 * empty and in steady state, on
 *   (a) the Loghub-2k Content lines of every system, replayed to >= 2M lines, and
 *   (b) a seeded generated corpus (>= 5M lines, a few thousand templates, realistic values),
 * with Drain3 (PyPI) on the very same input files in the same run, and the Python shim (bundle in
 * mini-racer) on the replay. Input files are written once to <repo>/.data/bench/.
 *
 * Usage: npx tsx bench/throughput.ts [--dataset dir] [--lines-a N] [--lines-b N] [--no-drain3]
 *        [--no-python] [--out bench/results/throughput.json]
 * Run it on an idle machine; it uses one core (Drain3 and the shim run after, not alongside).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { LogClusterer } from '../src/index.js';
import { Corpus } from './corpus.js';
import { listSystems, loadSystem } from './loghub.js';
import { ensurePython, packageRoot } from './python.js';

interface Args {
  dataset: string;
  linesA: number;
  linesB: number;
  drain3: boolean;
  python: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    dataset: '/work/shared/datasets/loghub-2k',
    linesA: 2_016_000,
    linesB: 5_000_000,
    drain3: true,
    python: true,
    out: join(packageRoot, 'bench', 'results', 'throughput.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    if (f === '--dataset') a.dataset = argv[++i]!;
    else if (f === '--lines-a') a.linesA = Number(argv[++i]);
    else if (f === '--lines-b') a.linesB = Number(argv[++i]);
    else if (f === '--no-drain3') a.drain3 = false;
    else if (f === '--no-python') a.python = false;
    else if (f === '--out') a.out = argv[++i]!;
    else throw new Error(`unknown flag ${f}`);
  }
  return a;
}

const dataDir = join(packageRoot, '..', '..', '.data', 'bench');

interface Phase {
  lines: number;
  seconds: number;
  linesPerSec: number;
}

function phase(lines: number, ms: number): Phase {
  return { lines, seconds: ms / 1000, linesPerSec: Math.round(lines / (ms / 1000)) };
}

function rssMb(): number {
  // maxRSS is the peak resident set size of the process so far, in KiB.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Writes `count` lines produced by `line(i)` to `file` once (reused when present with that size). */
async function ensureFile(file: string, count: number, line: (i: number) => string): Promise<void> {
  const marker = `${file}.lines`;
  if (existsSync(file) && existsSync(marker) && readFileSync(marker, 'utf8') === String(count)) return;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  renameSync(tmp, file);
  writeFileSync(marker, String(count));
}

/** Replays the Loghub lines; returns cold (first pass) and steady (later passes) throughput. */
function benchReplay(lines: string[], total: number) {
  const c = new LogClusterer();
  const heapStart = process.memoryUsage().heapUsed;
  let done = 0;
  const t0 = performance.now();
  for (const l of lines) c.learn(l);
  done += lines.length;
  const t1 = performance.now();
  let heapPeak = 0;
  while (done < total) {
    const n = Math.min(lines.length, total - done);
    for (let i = 0; i < n; i++) c.learn(lines[i]!);
    done += n;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  const t2 = performance.now();
  return {
    lines: done,
    fromEmpty: phase(lines.length, t1 - t0),
    steady: phase(done - lines.length, t2 - t1),
    overall: phase(done, t2 - t0),
    patterns: c.patternCount,
    clusters: c.clusterCount,
    heapGrowthMb: Math.round((heapPeak - heapStart) / 2 ** 20),
  };
}

/** Learns the generated corpus in chunks (generation is not timed). */
function benchGenerated(total: number) {
  const corpus = new Corpus(42, 3000);
  const c = new LogClusterer();
  const chunk = new Array<string>(100_000);
  let done = 0;
  let msFirst = 0;
  let msRest = 0;
  const firstLines = 500_000;
  let heapPeak = 0;
  while (done < total) {
    const n = Math.min(chunk.length, total - done);
    if (n < chunk.length) chunk.length = n;
    corpus.fill(chunk);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) c.learn(chunk[i]!);
    const ms = performance.now() - t0;
    if (done < firstLines) msFirst += ms;
    else msRest += ms;
    done += n;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  return {
    lines: done,
    templates: corpus.templates.length,
    fromEmpty: phase(Math.min(firstLines, done), msFirst),
    steady: phase(Math.max(0, done - firstLines), msRest),
    overall: phase(done, msFirst + msRest),
    patterns: c.patternCount,
    clusters: c.clusterCount,
    heapPeakMb: Math.round(heapPeak / 2 ** 20),
  };
}

function drain3Bench(python: string, file: string): unknown {
  const out = execFileSync(python, [join(packageRoot, 'bench', 'drain3_run.py'), 'bench', '--input', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out);
}

function shimBench(python: string, file: string, limit: number): unknown {
  const out = execFileSync(
    python,
    [join(packageRoot, 'bench', 'shim_bench.py'), '--input', file, '--limit', String(limit)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, PYTHONPATH: join(packageRoot, '..', 'python') },
    },
  );
  return JSON.parse(out);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const contents: string[] = [];
  for (const s of listSystems(args.dataset)) contents.push(...loadSystem(args.dataset, s).contents);
  // Lines with embedded newlines would change the line count of the files Drain3 reads.
  const replayLines = contents.map((l) => l.replace(/[\r\n]+/g, ' '));
  const fileA = join(dataDir, `loghub-replay-${args.linesA}.log`);
  const fileB = join(dataDir, `generated-seed42-${args.linesB}.log`);

  console.log(`(a) Loghub replay: ${replayLines.length} distinct input lines replayed to ${args.linesA}`);
  const a = benchReplay(replayLines, args.linesA);
  console.log(
    `    from empty ${a.fromEmpty.linesPerSec} lines/s, steady ${a.steady.linesPerSec} lines/s, overall ${a.overall.linesPerSec}`,
  );
  console.log(`(b) generated corpus: ${args.linesB} lines, 3000 templates`);
  const b = benchGenerated(args.linesB);
  console.log(
    `    from empty ${b.fromEmpty.linesPerSec} lines/s, steady ${b.steady.linesPerSec} lines/s, overall ${b.overall.linesPerSec}`,
  );
  const memory = { peakRssMb: rssMb(), heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) };
  console.log(`    peak RSS ${memory.peakRssMb} MB (heap limit ${memory.heapLimitMb} MB)`);

  const result: Record<string, unknown> = {
    node: process.version,
    note: 'single thread; lines held in memory; generation and file I/O not timed',
    replay: a,
    generated: b,
    memory,
  };
  if (args.drain3 || args.python) {
    await ensureFile(fileA, args.linesA, (i) => replayLines[i % replayLines.length]!);
    const python = ensurePython();
    if (args.drain3) {
      await ensureFile(fileB, args.linesB, (() => {
        const corpus = new Corpus(42, 3000);
        const chunk = new Array<string>(1);
        return () => {
          corpus.fill(chunk);
          return chunk[0]!;
        };
      })());
      console.log(`drain3 on ${fileA} ...`);
      const da = drain3Bench(python, fileA) as { linesPerSec: number };
      console.log(`    ${Math.round(da.linesPerSec)} lines/s`);
      console.log(`drain3 on ${fileB} ...`);
      const db = drain3Bench(python, fileB) as { linesPerSec: number };
      console.log(`    ${Math.round(db.linesPerSec)} lines/s`);
      result.drain3 = { replay: da, generated: db };
      result.ratio = {
        replaySteady: +(a.steady.linesPerSec / da.linesPerSec).toFixed(1),
        generatedSteady: +(b.steady.linesPerSec / db.linesPerSec).toFixed(1),
      };
    }
    if (args.python) {
      console.log('python shim (bundle in mini-racer) on the replay ...');
      const shim = shimBench(python, fileA, 240_000) as { linesPerSec: number };
      console.log(`    ${Math.round(shim.linesPerSec)} lines/s`);
      result.pythonShim = shim;
    }
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${args.out} (input files: ${fileA} ${existsSync(fileB) ? `${(statSync(fileB).size / 2 ** 20).toFixed(0)} MB` : ''})`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
