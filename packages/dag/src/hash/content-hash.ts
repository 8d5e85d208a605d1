/**
 * Canonical JSON and the content hash of a job: object keys sorted, no whitespace, `undefined`
 * fields left out, so that the same content always gives the same bytes in any runtime.
 */
import type { Job } from '../model/job.schema.js';
import { sha256Hex } from './sha256.js';

/**
 * Canonical JSON text: keys sorted by UTF-16 code units, arrays in order, numbers and strings as
 * `JSON.stringify` writes them. Throws on values JSON cannot represent (functions, NaN, cycles).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, stack: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Cannot hash a non-finite number (${value})`);
      return JSON.stringify(value);
    case 'object': {
      if (stack.has(value)) throw new Error('Cannot hash a value that contains itself');
      stack.add(value);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((v) => (v === undefined ? 'null' : write(v, stack))).join(',')}]`;
      } else {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record)
          .filter((k) => record[k] !== undefined)
          .sort();
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], stack)}`).join(',')}}`;
      }
      stack.delete(value);
      return out;
    }
    default:
      throw new Error(`Cannot hash a value of type ${typeof value}`);
  }
}

/**
 * SHA-256 (hex) of a job's canonical JSON. With `ignoreLayout`, node positions are left out, so
 * that moving nodes on the canvas does not change the hash (useful to decide whether a save
 * changes what runs).
 *
 * @example
 * contentHash(job) === contentHash(structuredClone(job)); // true
 * contentHash(job, { ignoreLayout: true }); // same value after dragging a node
 */
export function contentHash(job: Job, options: { ignoreLayout?: boolean } = {}): string {
  const value =
    options.ignoreLayout === true
      ? { ...job, graph: { ...job.graph, nodes: job.graph.nodes.map(({ position: _p, ...rest }) => rest) } }
      : job;
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)));
}
