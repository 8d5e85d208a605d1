/**
 * One-shot parsing: learn a list of lines and return each line's final pattern.
 */
import { LogClusterer, type ParsedLine } from './clusterer.js';
import type { ClustererOptions } from './config.js';

export type { ParsedLine } from './clusterer.js';

/**
 * Learns `lines` with a fresh clusterer and returns, in input order, the final pattern of each
 * line's cluster (the semantics of `sluice-cluster parse` and of the evaluation).
 *
 * @example
 * parseLines(['user a logged in', 'user b logged in'])[0]?.template; // 'user <*> logged in'
 */
export function parseLines(lines: Iterable<string>, options?: ClustererOptions): ParsedLine[] {
  return new LogClusterer(options).parseAll(lines);
}
