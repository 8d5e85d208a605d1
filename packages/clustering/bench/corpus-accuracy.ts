/**
 * Accuracy on the generated corpus of the throughput benchmark (bench/corpus.ts, seed 42, 3000
 * templates): the corpus knows the template of every line it writes, so it doubles as a labelled
 * set with many more templates than any Loghub system, where over-merging shows quickly.
 *
 * Usage: npx tsx bench/corpus-accuracy.ts [--lines N] [--out bench/results/generated-accuracy.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseLines } from '../src/index.js';
import { Corpus } from './corpus.js';
import { accuracy } from './metrics.js';
import { packageRoot } from './python.js';

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string, def: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1]! : def;
  };
  const n = Number(flag('--lines', '200000'));
  const out = flag('--out', join(packageRoot, 'bench', 'results', 'generated-accuracy.json'));
  const corpus = new Corpus(42, 3000);
  const lines = new Array<string>(n);
  const ids = new Array<number>(n);
  corpus.fill(lines, ids);
  const truth = ids.map((i) => corpus.templates[i]!.template);
  const a = accuracy(
    truth,
    parseLines(lines).map((p) => p.template),
  );
  console.log(
    `generated corpus, first ${n} lines: GA ${a.GA.toFixed(3)} PA ${a.PA.toFixed(3)} FGA ${a.FGA.toFixed(3)} FTA ${a.FTA.toFixed(3)} (${a.parsedTemplates} parsed / ${a.trueTemplates} true templates)`,
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ corpus: 'seed 42, 3000 templates', lines: n, sluice: a }, null, 2)}\n`,
  );
  console.log(`wrote ${out}`);
}

main();
