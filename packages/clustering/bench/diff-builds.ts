/**
 * Differential check of two builds of the package: a speed change must not change a single result.
 * Compares, between build A and build B,
 *   - `maskToken` on every distinct token of the Loghub-2k files, of the generated corpus, and of
 *     seeded random tokens over an alphabet of the characters the masker treats specially;
 *   - `parseAll` (pattern id and template of every line) on the first lines of the generated
 *     corpus and of the Loghub replay file (both written by bench/throughput.ts).
 * Prints the counts and the first differences; exits 1 when anything differs.
 *
 * Usage (keep a copy of the old build before changing the code):
 *   cp -r dist /tmp/dist-before && <change, npm run build>
 *   npx tsx bench/diff-builds.ts /tmp/dist-before/index.js dist/index.js [--lines N] [--dataset dir]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from './python.js';

interface Build {
  LogClusterer: new () => { parseAll(lines: Iterable<string>): { patternId: string; template: string }[] };
  maskToken(token: string): string;
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const [pathA, pathB] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!pathA || !pathB) {
  console.error('usage: npx tsx bench/diff-builds.ts <A/index.js> <B/index.js> [--lines N] [--dataset dir]');
  process.exit(2);
}
const lineCount = Number(flag('--lines', '400000'));
const dataset = flag('--dataset', '/work/shared/datasets/loghub-2k');
const benchData = join(packageRoot, '..', '..', '.data', 'bench');

const load = async (p: string) => (await import(pathToFileURL(resolve(p)).href)) as Build;
const a = await load(pathA);
const b = await load(pathB);

function firstLines(file: string, n: number): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(0, n);
  } catch {
    console.log(`(skipped ${file}: run bench/throughput.ts once to write it)`);
    return [];
  }
}

const generated = firstLines(join(benchData, 'generated-seed42-t3000-5000000.log'), lineCount);
const replay = firstLines(join(benchData, 'loghub-replay-2000000.log'), Math.min(lineCount, 100_000));

// Tokens: everything whitespace-separated in the raw Loghub files and the corpora, plus random ones.
const tokens = new Set<string>();
const addTokens = (line: string) => {
  for (const t of line.split(/\s+/)) if (t !== '') tokens.add(t);
};
for (const system of readdirSync(dataset, { withFileTypes: true })) {
  if (!system.isDirectory()) continue;
  for (const f of readdirSync(join(dataset, system.name))) {
    if (f.endsWith('_2k.log'))
      for (const l of readFileSync(join(dataset, system.name, f), 'utf8').split('\n')) addTokens(l);
  }
}
for (const l of generated.slice(0, 100_000)) addTokens(l);
const alphabet = 'aZ09._-/:=,;()[]{}"\'<>|@#~$*+%!?&^\\xé\u0000fF';
let seed = 1;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
for (let i = 0; i < 300_000; i++) {
  let t = '';
  const n = 1 + Math.floor(random() * 24);
  for (let k = 0; k < n; k++) t += alphabet[Math.floor(random() * alphabet.length)];
  tokens.add(t);
}

let failed = false;
let maskDiffs = 0;
for (const t of tokens) {
  const ma = a.maskToken(t);
  const mb = b.maskToken(t);
  if (ma !== mb && ++maskDiffs <= 10) console.log(`mask ${JSON.stringify(t)}: ${ma} vs ${mb}`);
}
console.log(`maskToken: ${tokens.size} distinct tokens, ${maskDiffs} differ`);
failed ||= maskDiffs > 0;

for (const [name, lines] of [
  ['generated', generated],
  ['loghub replay', replay],
] as const) {
  if (lines.length === 0) continue;
  const pa = new a.LogClusterer().parseAll(lines);
  const pb = new b.LogClusterer().parseAll(lines);
  let diffs = 0;
  for (let i = 0; i < pa.length; i++) {
    if (pa[i]!.patternId !== pb[i]!.patternId || pa[i]!.template !== pb[i]!.template) {
      if (++diffs <= 10) console.log(`line ${i + 1}: ${pa[i]!.template} vs ${pb[i]!.template}`);
    }
  }
  console.log(`parseAll on ${name}: ${lines.length} lines, ${diffs} differ`);
  failed ||= diffs > 0;
}
process.exit(failed ? 1 : 0);
