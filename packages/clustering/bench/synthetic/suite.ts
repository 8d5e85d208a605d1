/**
 * The synthetic labelled suite as a whole: the tuning styles (systems.ts, used while developing the
 * clustering), the first held-out styles (holdout-systems.ts: held out in pass 2, the development
 * set of pass 3) and the second held-out set (holdout2-systems.ts, written before pass 3 changed any
 * code and never tuned against) and the third held-out set (holdout3-systems.ts, written before pass 4
 * changed any code), each system with its own seed, so that the files (generate.ts) and
 * the tests produce the very same lines. New systems are appended so that existing seeds stay.
 */
import { HOLDOUT_SYSTEMS } from './holdout-systems.js';
import { HOLDOUT2_SYSTEMS } from './holdout2-systems.js';
import { HOLDOUT3_SYSTEMS } from './holdout3-systems.js';
import { generateSystem, SUITE_SEED, SYSTEMS, type SystemSpec } from './systems.js';

/** One system of the suite and how its lines are drawn. */
export interface SuiteSystem {
  set: 'styles' | 'holdout' | 'holdout2' | 'holdout3';
  spec: SystemSpec;
  seed: number;
}

/** Every system of the suite, in file order. */
export function suiteSystems(seed = SUITE_SEED): SuiteSystem[] {
  const out: SuiteSystem[] = [];
  let k = 0;
  for (const spec of SYSTEMS) out.push({ set: 'styles', spec, seed: seed + k++ });
  for (const spec of HOLDOUT_SYSTEMS) out.push({ set: 'holdout', spec, seed: seed + k++ });
  for (const spec of HOLDOUT2_SYSTEMS) out.push({ set: 'holdout2', spec, seed: seed + k++ });
  for (const spec of HOLDOUT3_SYSTEMS) out.push({ set: 'holdout3', spec, seed: seed + k++ });
  return out;
}

/** The labelled lines of one suite system: contents and true templates, aligned. */
export function suiteLines(s: SuiteSystem, lines = 2000): { contents: string[]; templates: string[] } {
  const rows = generateSystem(s.spec, lines, s.seed);
  return { contents: rows.map(([c]) => c), templates: rows.map(([, k]) => s.spec.events[k]!.template) };
}
