// Experimental evaluation loop (temporary): parse each system and print metrics.
import { accuracy } from './metrics.js';
import { listSystems, loadSystem } from './loghub.js';
import { maskLine } from '../src/mask/line-masker.js';
import { ClusterTree } from '../src/cluster/cluster-tree.js';
import { collapseWildcards } from '../src/cluster/token-generalize.js';
import { writeFileSync, mkdirSync } from 'node:fs';

const dir = process.argv[2] ?? '/work/shared/datasets/loghub-2k';
const sim = Number(process.env.SIM ?? '0.5');
const rows: string[] = [];
let sum = { GA: 0, PA: 0, FGA: 0, FTA: 0 };
const names = listSystems(dir);
mkdirSync('/tmp/exp', { recursive: true });
for (const name of names) {
  const sys = loadSystem(dir, name);
  const tree = new ClusterTree({ similarity: sim, maxSplitValues: Number(process.env.K ?? '2'), maxWordDifferences: Number(process.env.LD ?? '1') });
  const masked = sys.contents.map((l) => maskLine(l, false).tokens);
  const cl = masked.map((m) => tree.learn(m).cluster);
  const parsed = cl.map((c, i) => c.templateFor(masked[i]!).map(collapseWildcards).join(' '));
  const a = accuracy(sys.templates, parsed);
  sum.GA += a.GA; sum.PA += a.PA; sum.FGA += a.FGA; sum.FTA += a.FTA;
  rows.push(`${name.padEnd(10)} GA ${a.GA.toFixed(3)} PA ${a.PA.toFixed(3)} FGA ${a.FGA.toFixed(3)} FTA ${a.FTA.toFixed(3)} (${a.parsedTemplates}/${a.trueTemplates})`);
  // diagnostics: per true template, wrong lines
  const out: string[] = [];
  const seen = new Map<string, Map<string, number>>();
  for (let i = 0; i < parsed.length; i++) {
    const t = sys.templates[i]!;
    const p = parsed[i]!;
    let m = seen.get(t); if (!m) { m = new Map(); seen.set(t, m); }
    m.set(p, (m.get(p) ?? 0) + 1);
  }
  const entries = [...seen.entries()].map(([t, m]) => ({ t, m, n: [...m.values()].reduce((x, y) => x + y, 0) })).sort((x, y) => y.n - x.n);
  for (const e of entries) {
    const ok = e.m.size === 1 && e.m.has(e.t);
    out.push(`${ok ? 'OK ' : 'XX '}${e.n} | ${e.t}`);
    if (!ok) for (const [p, n] of e.m) out.push(`      ${n} -> ${p}`);
  }
  writeFileSync(`/tmp/exp/${name}.txt`, out.join('\n'));
}
const k = names.length;
console.log(rows.join('\n'));
console.log(`AVERAGE    GA ${(sum.GA / k).toFixed(4)} PA ${(sum.PA / k).toFixed(4)} FGA ${(sum.FGA / k).toFixed(4)} FTA ${(sum.FTA / k).toFixed(4)}`);
