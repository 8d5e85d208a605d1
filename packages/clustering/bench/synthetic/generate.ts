/**
 * Writes the synthetic labelled suite in the Loghub-2k layout, so that bench/evaluate.ts scores it
 * like any Loghub directory: `<out>/styles/<System>/<System>_2k.log_structured_corrected.csv` for
 * the styles of systems.ts and `<out>/holdout/...` for the held-out styles of holdout-systems.ts, `<out>/holdout2/...` for
 * the second held-out set of holdout2-systems.ts, `<out>/holdout3/...` for the third of holdout3-systems.ts,
 * with columns LineId, Content, EventId, EventTemplate. Seeded: the same command always writes the
 * same files.
 *
 * Usage: npx tsx bench/synthetic/generate.ts [--out dir] [--lines N] [--seed N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../python.js';
import { suiteSystems } from './suite.js';
import { csvField, generateSystem, SUITE_SEED, type SystemSpec } from './systems.js';

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string, def: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1]! : def;
  };
  const out = flag('--out', join(packageRoot, 'bench', 'synthetic', 'data'));
  const lines = Number(flag('--lines', '2000'));
  const seed = Number(flag('--seed', String(SUITE_SEED)));
  for (const sys of suiteSystems(seed)) write(join(out, sys.set), sys.spec, sys.seed);

  function write(dir0: string, spec: SystemSpec, sysSeed: number): void {
    const rows = generateSystem(spec, lines, sysSeed);
    const csv = ['LineId,Content,EventId,EventTemplate'];
    rows.forEach(([content, k], i) => {
      const e = spec.events[k]!;
      csv.push([String(i + 1), csvField(content), `E${k + 1}`, csvField(e.template)].join(','));
    });
    const dir = join(dir0, spec.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${spec.name}_2k.log_structured_corrected.csv`), `${csv.join('\n')}\n`);
    const used = new Set(rows.map(([, k]) => k)).size;
    console.log(`${spec.name}: ${rows.length} lines, ${used} of ${spec.events.length} templates -> ${dir}`);
  }
}

main();
