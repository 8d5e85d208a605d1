import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realtimeJob, scheduledJob } from '../../test/job-builders.js';
import { exampleJobs } from '../examples/examples.js';
import { validateDag } from './validate-dag.js';

/** Every path to a value inside a JSON tree. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...paths(v, [...prefix, i]));
    });
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'duplicate' };

function apply(root: unknown, path: (string | number)[], m: Mutation): unknown {
  if (path.length === 0) return m.kind === 'set' ? m.value : root;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.kind === 'set') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
  return copy;
}

const valid = [scheduledJob(), realtimeJob(), ...Object.values(exampleJobs())];

const mutatedJob = fc
  .constantFrom(...valid)
  .chain((job) =>
    fc.tuple(
      fc.constant(job as unknown),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.oneof(
            fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'set', value }) as Mutation),
            fc.constantFrom<Mutation>({ kind: 'delete' }, { kind: 'duplicate' }),
            fc
              .constantFrom('', '${', '${x}', 'ROW<', "'", '`', 'kafka', 'pyflink', -1, 1e308, null)
              .map((value) => ({ kind: 'set', value }) as Mutation),
          ),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    ),
  )
  .map(([job, mutations]) =>
    mutations.reduce((acc, [pick, m]) => {
      const all = paths(acc);
      return apply(acc, all[pick % all.length]!, m);
    }, job),
  );

function checkResult(input: unknown) {
  const result = validateDag(input);
  expect(Array.isArray(result.issues)).toBe(true);
  for (const issue of result.issues) {
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
    expect(issue.code).not.toBe('internal');
    expect(['error', 'warning', 'info']).toContain(issue.severity);
  }
  expect(result.ok).toBe(!result.issues.some((i) => i.severity === 'error'));
}

describe('validateDag (properties)', () => {
  it('never throws and never fails internally on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), checkResult), { numRuns: 1_000 });
  });

  it('never throws and never fails internally on mutated valid jobs', () => {
    fc.assert(fc.property(mutatedJob, checkResult), { numRuns: 1_500 });
  });

  it('accepts every valid job unchanged', () => {
    for (const job of valid) expect(validateDag(job).issues).toEqual([]);
  });
});
