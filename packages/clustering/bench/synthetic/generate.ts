/**
 * Writes the synthetic labelled suite (see systems.ts) in the Loghub-2k layout, so that
 * bench/evaluate.ts scores it like any Loghub directory:
 * `<out>/<System>/<System>_2k.log_structured_corrected.csv` with columns LineId, Content, EventId,
 * EventTemplate. Seeded: the same command always writes the same files.
 *
 * Usage: npx tsx bench/synthetic/generate.ts [--out dir] [--lines N] [--seed N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from '../corpus.js';
import { packageRoot } from '../python.js';
import { renderEvent, SYSTEMS, type SystemSpec } from './systems.js';

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The labelled lines of one system: `[content, template index]` in order. */
export function generateSystem(spec: SystemSpec, lines: number, seed: number): [string, number][] {
  const r = rng(seed);
  const total = spec.events.reduce((s, e) => s + e.weight, 0);
  const out: [string, number][] = [];
  for (let i = 0; i < lines; i++) {
    let x = r() * total;
    let k = 0;
    while (k < spec.events.length - 1 && x >= spec.events[k]!.weight) {
      x -= spec.events[k]!.weight;
      k++;
    }
    out.push([renderEvent(spec.events[k]!, r), k]);
  }
  return out;
}

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string, def: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1]! : def;
  };
  const out = flag('--out', join(packageRoot, 'bench', 'synthetic', 'data'));
  const lines = Number(flag('--lines', '2000'));
  const seed = Number(flag('--seed', '20240601'));
  SYSTEMS.forEach((spec, si) => {
    const rows = generateSystem(spec, lines, seed + si);
    const csv = ['LineId,Content,EventId,EventTemplate'];
    rows.forEach(([content, k], i) => {
      const e = spec.events[k]!;
      csv.push([String(i + 1), csvField(content), `E${k + 1}`, csvField(e.template)].join(','));
    });
    const dir = join(out, spec.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${spec.name}_2k.log_structured_corrected.csv`), `${csv.join('\n')}\n`);
    const used = new Set(rows.map(([, k]) => k)).size;
    console.log(`${spec.name}: ${rows.length} lines, ${used} of ${spec.events.length} templates -> ${dir}`);
  });
}

main();
