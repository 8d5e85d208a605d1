import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LeaderLease } from '../../src/realtime/leader-lease.js';
import { stack, uniqueName } from '../stack/stack-env.js';

/** The reconciler's leader lease on the real Redis, with a key of its own. */
describe('LeaderLease (real Redis)', () => {
  const redis = new Redis(stack.redisUrl);
  const key = `${uniqueName('tlease')}:realtime:leader`;
  afterAll(async () => {
    await redis.del(key, `${key}:epoch`);
    redis.disconnect();
  });

  it('lets one holder lead, renews it, hands over on release with a higher epoch', async () => {
    const a = new LeaderLease(redis, key, 5_000, 'a');
    const b = new LeaderLease(redis, key, 5_000, 'b');
    expect(await a.tryLead()).toBe(true);
    expect(await b.tryLead()).toBe(false);
    expect(await a.tryLead()).toBe(true); // renewal
    expect(await a.currentHolder()).toBe('a');
    const first = a.epoch;
    await a.release();
    expect(a.isLeader).toBe(false);
    expect(await b.tryLead()).toBe(true);
    expect(b.epoch).toBe(first + 1);
    expect(await b.stillLeader()).toBe(true);
    await b.release();
  });

  it('moves to another process when the holder stops renewing, and the old holder cannot take it back', async () => {
    const a = new LeaderLease(redis, key, 300, 'a');
    const b = new LeaderLease(redis, key, 5_000, 'b');
    expect(await a.tryLead()).toBe(true);
    await new Promise((r) => setTimeout(r, 450)); // a "paused" past its TTL
    expect(await b.tryLead()).toBe(true);
    // a's renewal is a compare-and-set on its own id: it learns it lost, and b keeps the lease.
    expect(await a.stillLeader()).toBe(false);
    expect(await a.tryLead()).toBe(false);
    expect(await redis.get(key)).toBe('b');
    await a.release(); // not the holder: must not delete b's lease
    expect(await redis.get(key)).toBe('b');
    await b.release();
    expect(await redis.get(key)).toBeNull();
  });
});
