/**
 * Accuracy evaluation over Loghub-2k style datasets: GA, FGA, PA, FTA per system and on average, for
 * @sluice/clustering (default options) and, side by side, Drain3 from PyPI with its defaults and
 * with the logparser benchmark's per-dataset settings (when `drain-benchmark-settings.json` exists).
 *
 * Usage: npx tsx bench/evaluate.ts [dataset-dir] [--out results.json] [--no-drain3] [--diag dir]
 *        [--set option=value ...]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ClustererOptions, parseLines } from '../src/index.js';
import { listSystems, loadSystem } from './loghub.js';
import { type Accuracy, accuracy } from './metrics.js';
import { ensurePython, packageRoot } from './python.js';

interface Args {
  dir: string;
  out: string;
  drain3: boolean;
  diag: string | null;
  options: ClustererOptions;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    dir: '/work/shared/datasets/loghub-2k',
    out: join(packageRoot, 'bench', 'results', 'loghub-2k.json'),
    drain3: true,
    diag: null,
    options: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') a.out = argv[++i]!;
    else if (arg === '--no-drain3') a.drain3 = false;
    else if (arg === '--diag') a.diag = argv[++i]!;
    else if (arg === '--set') {
      const [k, v] = argv[++i]!.split('=');
      (a.options as Record<string, unknown>)[k!] = Number.isNaN(Number(v)) ? v : Number(v);
    } else if (arg.startsWith('--')) throw new Error(`unknown flag ${arg}`);
    else a.dir = arg;
  }
  return a;
}

interface DrainSetting {
  regex: string[];
  st: number;
  depth: number;
}

function runDrain3(python: string, lines: string[], setting: DrainSetting | null): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-eval-'));
  try {
    const input = join(dir, 'lines.json');
    writeFileSync(input, JSON.stringify(lines));
    const args = [join(packageRoot, 'bench', 'drain3_run.py'), 'parse', '--input', input];
    if (setting) {
      args.push('--sim', String(setting.st), '--depth', String(setting.depth));
      for (const r of setting.regex) args.push('--regex', r);
    }
    const out = execFileSync(python, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    return JSON.parse(out) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes, per true template, how its lines were parsed (for error analysis). */
function writeDiagnostics(file: string, truth: string[], parsed: string[]): void {
  const byTruth = new Map<string, Map<string, number>>();
  truth.forEach((t, i) => {
    let m = byTruth.get(t);
    if (!m) {
      m = new Map();
      byTruth.set(t, m);
    }
    m.set(parsed[i]!, (m.get(parsed[i]!) ?? 0) + 1);
  });
  const rows = [...byTruth.entries()]
    .map(([t, m]) => ({ t, m, n: [...m.values()].reduce((x, y) => x + y, 0) }))
    .sort((x, y) => y.n - x.n);
  const out: string[] = [];
  for (const r of rows) {
    const ok = r.m.size === 1 && r.m.has(r.t);
    out.push(`${ok ? 'OK' : 'XX'} ${r.n} | ${r.t}`);
    if (!ok) for (const [p, n] of r.m) out.push(`      ${n} -> ${p}`);
  }
  writeFileSync(file, `${out.join('\n')}\n`);
}

type Row = {
  system: string;
  lines: number;
  sluice: Accuracy;
  ms: number;
  drain3?: Accuracy;
  drain3Tuned?: Accuracy;
};

const KEYS = ['GA', 'PA', 'FGA', 'FTA'] as const;

function mean(rows: Row[], pick: (r: Row) => Accuracy | undefined): Record<string, number> | null {
  const got = rows.map(pick).filter((x): x is Accuracy => x !== undefined);
  if (got.length === 0) return null;
  const m: Record<string, number> = {};
  for (const k of [...KEYS, 'FTAstrict'] as const) m[k] = got.reduce((s, a) => s + a[k], 0) / got.length;
  return m;
}

function fmt(a: Accuracy | Record<string, number> | null | undefined): string {
  if (!a) return '';
  return KEYS.map((k) => (a as Record<string, number>)[k]!.toFixed(3)).join(' ');
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const systems = listSystems(args.dir);
  if (systems.length === 0)
    throw new Error(`no <System>/<System>_2k.log_structured_corrected.csv under ${args.dir}`);
  const settingsFile = join(args.dir, 'drain-benchmark-settings.json');
  const settings: Record<string, DrainSetting> = existsSync(settingsFile)
    ? JSON.parse(readFileSync(settingsFile, 'utf8'))
    : {};
  const python = args.drain3 ? ensurePython() : '';
  if (args.diag) mkdirSync(args.diag, { recursive: true });
  const rows: Row[] = [];
  console.log(
    `${'system'.padEnd(11)} ${'sluice GA PA FGA FTA'.padEnd(24)} ${args.drain3 ? 'drain3 default'.padEnd(24) : ''}${args.drain3 ? 'drain3 tuned' : ''}`,
  );
  for (const name of systems) {
    const sys = loadSystem(args.dir, name);
    const t0 = performance.now();
    const parsed = parseLines(sys.contents, args.options).map((p) => p.template);
    const ms = performance.now() - t0;
    const row: Row = {
      system: name,
      lines: sys.contents.length,
      sluice: accuracy(sys.templates, parsed),
      ms,
    };
    if (args.diag) writeDiagnostics(join(args.diag, `${name}.txt`), sys.templates, parsed);
    if (args.drain3) {
      row.drain3 = accuracy(sys.templates, runDrain3(python, sys.contents, null));
      const s = settings[name];
      if (s) row.drain3Tuned = accuracy(sys.templates, runDrain3(python, sys.contents, s));
    }
    rows.push(row);
    console.log(
      `${name.padEnd(11)} ${fmt(row.sluice).padEnd(24)} ${fmt(row.drain3).padEnd(24)}${fmt(row.drain3Tuned)}`,
    );
  }
  const avg = {
    sluice: mean(rows, (r) => r.sluice),
    drain3: mean(rows, (r) => r.drain3),
    drain3Tuned: mean(rows, (r) => r.drain3Tuned),
  };
  console.log(
    `${'AVERAGE'.padEnd(11)} ${fmt(avg.sluice).padEnd(24)} ${fmt(avg.drain3).padEnd(24)}${fmt(avg.drain3Tuned)}`,
  );
  console.log(`(FTA with the stricter group-equality rule: sluice ${avg.sluice!.FTAstrict!.toFixed(3)})`);
  mkdirSync(dirname(args.out), { recursive: true });
  const result = {
    dataset: args.dir,
    labels: 'EventTemplate of <System>_2k.log_structured_corrected.csv; input: Content',
    options: args.options,
    node: process.version,
    systems: rows,
    averages: avg,
  };
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${args.out}`);
}

main();
