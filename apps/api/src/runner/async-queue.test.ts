import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

describe('AsyncQueue', () => {
  it('makes producers wait while it is full (backpressure)', async () => {
    const q = new AsyncQueue<number>(2);
    const pushed: number[] = [];
    const producer = (async () => {
      for (let i = 0; i < 5; i++) {
        await q.push(i);
        pushed.push(i);
      }
      q.end();
    })();
    await new Promise((r) => setTimeout(r, 10));
    expect(pushed).toEqual([0, 1]);
    expect(q.size).toBe(2);
    const got: number[] = [];
    for await (const item of q) got.push(item);
    await producer;
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it('ends only when every producer ended', async () => {
    const q = new AsyncQueue<string>(4, 2);
    await q.push('a');
    q.end();
    let done = false;
    const reading = (async () => {
      const items: string[] = [];
      for await (const item of q) items.push(item);
      done = true;
      return items;
    })();
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    await q.push('b');
    q.end();
    expect(await reading).toEqual(['a', 'b']);
  });

  it('wakes a blocked producer and the consumer with the failure', async () => {
    const q = new AsyncQueue<number>(1);
    await q.push(1);
    const blocked = q.push(2);
    q.fail(new Error('run aborted'));
    await expect(blocked).rejects.toThrow('run aborted');
    await expect(q.next()).rejects.toThrow('run aborted');
  });
});
