import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

/**
 * Leader election for the real-time reconciler: a lease in Redis, `SET key <holder> NX PX <ttl>`,
 * renewed by its holder while it lives. Every API process with workers competes; the one holding
 * the lease reconciles, the others wait and take over within one TTL when the holder dies (a
 * graceful shutdown releases it at once).
 *
 * Why not a BullMQ job scheduler (`flink.reconcile` every few seconds): it runs each tick once, but
 * a tick that outlives the interval (a slow or unreachable cluster: requests time out) overlaps
 * the next one in another process, so a lock would be needed anyway; a lease also gives a stable
 * "who reconciles" for status views and tests.
 *
 * Fencing: each acquisition increments `<key>:epoch`; the epoch is the holder's fencing token.
 * Renewal and release are compare-and-set (Lua) on the holder id, so a process whose lease expired
 * (paused too long) cannot extend or delete its successor's. A stale holder may still be in the
 * middle of a tick when it learns it lost the lease; its database writes are conditional on each
 * row's revision, and side effects (restarts) are claimed by a conditional update first, so a
 * late write from it loses instead of overwriting.
 */
export class LeaderLease {
  readonly holder: string;
  private held = false;
  private token = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
    holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  ) {
    this.holder = holder;
  }

  /** Whether this process held the lease at its last acquire/renew. */
  get isLeader(): boolean {
    return this.held;
  }

  /** The fencing token of the current holding (0 when not held). */
  get epoch(): number {
    return this.held ? this.token : 0;
  }

  /**
   * Acquires the lease if free, or renews it if held; returns whether this process leads now.
   * Redis errors count as "not leader": a process that cannot reach Redis must not act.
   *
   * @example
   * if (await lease.tryLead()) await reconcile();
   */
  async tryLead(): Promise<boolean> {
    try {
      if (this.held) {
        const renewed = (await this.redis.eval(
          RENEW,
          1,
          this.key,
          this.holder,
          String(this.ttlMs),
        )) as number;
        this.held = renewed === 1;
        if (this.held) return true;
      }
      const set = await this.redis.set(this.key, this.holder, 'PX', this.ttlMs, 'NX');
      if (set === 'OK') {
        this.token = await this.redis.incr(`${this.key}:epoch`);
        this.held = true;
      } else {
        this.held = false;
      }
    } catch {
      this.held = false;
    }
    return this.held;
  }

  /** Checks (without renewing) that the lease is still ours, right before a side effect. */
  async stillLeader(): Promise<boolean> {
    if (!this.held) return false;
    try {
      this.held = (await this.redis.get(this.key)) === this.holder;
    } catch {
      this.held = false;
    }
    return this.held;
  }

  /** The current holder's id, whoever it is (for status views). */
  async currentHolder(): Promise<string | null> {
    try {
      return await this.redis.get(this.key);
    } catch {
      return null;
    }
  }

  /** Gives the lease up (shutdown), so another process takes over without waiting for the TTL. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.redis.eval(RELEASE, 1, this.key, this.holder).catch(() => undefined);
  }
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
