import { describe, expect, it } from 'vitest';
import { describeError, runCheck } from './run-check.js';

describe('runCheck', () => {
  it('reports up with latency and what the check learned', async () => {
    const health = await runCheck(
      'h:1',
      async () => ({ version: '1.2', detail: { a: 1 }, warnings: [] }),
      1000,
    );
    expect(health).toMatchObject({ status: 'up', address: 'h:1', version: '1.2', detail: { a: 1 } });
    expect(health.warnings).toBeUndefined();
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports down with the reason when the check throws', async () => {
    const health = await runCheck(
      'h:1',
      async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
      1000,
    );
    expect(health).toMatchObject({ status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:1' });
  });

  it('gives up at the deadline and aborts the check', async () => {
    let aborted = false;
    const started = Date.now();
    const health = await runCheck(
      'h:1',
      (signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
      150,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(health).toMatchObject({ status: 'down', error: 'no answer within 150 ms' });
    expect(aborted).toBe(true);
  });
});

describe('describeError', () => {
  it('unwraps the empty-message AggregateError Node throws for a refused localhost', () => {
    const error = new AggregateError(
      [new Error('connect ECONNREFUSED ::1:6399'), new Error('connect ECONNREFUSED 127.0.0.1:6399')],
      '',
    );
    expect(describeError(error)).toBe('connect ECONNREFUSED ::1:6399; connect ECONNREFUSED 127.0.0.1:6399');
  });

  it('adds the cause fetch hides', () => {
    const error = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8082') });
    expect(describeError(error)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:8082');
  });

  it('falls back to the error code, then the name', () => {
    expect(describeError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(describeError(new RangeError(''))).toBe('RangeError');
  });
});
