import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { datagenPythonBlackhole } from './support/jobs.js';
import { pollUntil, RealtimeWorld, SLOW, stack } from './support/realtime-world.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * A cluster that stops answering, and comes back, without stopping the shared cluster: API process
 * B reaches Flink only through a TCP proxy the test closes and reopens; API process A reaches it
 * directly. Both run workers and the reconcile loop against one database and queue prefix; the
 * leader lease makes exactly one of them reconcile. B starts first and leads: the job goes `lost`
 * when B's cluster vanishes (and A, which sees the cluster fine, does not fight B over it), and is
 * re-attached when it returns. When B dies, A takes over within the lease TTL.
 */
describe('lost and re-attached, with a leader-elected reconciler (two API processes)', () => {
  const world = new RealtimeWorld();
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(stack.flinkRestUrl).port || 80));
  const job = `lost-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(stack.redisUrl);
  let a: ApiProcess;
  let b: ApiProcess;

  const leaderKey = () => `${world.queuePrefix}:realtime:leader`;
  const holderOf = (api: ApiProcess) => new RegExp(`:${api.pid}:`);

  beforeAll(async () => {
    await world.open();
    await proxy.open();
    b = await world.api('b-through-proxy', { extraEnv: { FLINK_REST_URL: proxy.url } });
    await pollUntil('B to take the leader lease', async () =>
      holderOf(b).test((await redis.get(leaderKey())) ?? '') ? true : undefined,
    );
    a = await world.api('a-direct');
    await world.environmentReady(a);
    await a.request('POST', '/v1/jobs', datagenPythonBlackhole({ name: job }));
  }, SLOW);

  afterAll(async () => {
    await proxy.close();
    await world.close();
    redis.disconnect();
  }, SLOW);

  it(
    'shows lost while the cluster is unreachable, re-attaches when it returns, and fails over to the other process',
    async () => {
      await a.request('POST', `/v1/jobs/${job}/realtime/start`, {});
      const running = await world.waitState(a, job, 'running');
      const jobId = running.deployment?.flinkJobId;
      await world.waitFor(
        a,
        job,
        'to be observed by B',
        (s) => holderOf(b).test(s.deployment?.observedBy ?? ''),
        {
          timeoutMs: 30_000,
        },
      );
      expect(holderOf(b).test((await redis.get(leaderKey())) ?? '')).toBe(true);

      // B's cluster vanishes.
      const cutAt = Date.now();
      await proxy.close();
      const lost = await world.waitState(a, job, 'lost', 30_000);
      console.log(`cluster unreachable: shown as lost after ${((Date.now() - cutAt) / 1000).toFixed(1)} s`);
      expect(lost.deployment).toMatchObject({ flinkJobId: jobId, lostSince: expect.any(String) });
      // A sees the cluster and the running job, but B leads: nobody flips the state back and forth.
      await new Promise((r) => setTimeout(r, 8_000));
      expect((await world.status(a, job)).deployment?.state).toBe('lost');
      let history = await world.history(a, job);
      expect(history.filter((e) => e.type === 'lost')).toHaveLength(1);
      expect(history.find((e) => e.type === 'lost')?.message).toMatch(
        /does not answer.*kept and re-attached/,
      );

      // The cluster returns on the same address.
      const backAt = Date.now();
      await proxy.open();
      const back = await world.waitState(a, job, 'running', 30_000);
      console.log(`cluster back: re-attached after ${((Date.now() - backAt) / 1000).toFixed(1)} s`);
      expect(back.deployment).toMatchObject({ flinkJobId: jobId, lostSince: null, flinkState: 'RUNNING' });
      history = await world.history(a, job);
      const reattached = history.find((e) => e.type === 're-attached');
      expect(reattached).toMatchObject({ fromState: 'lost', toState: 'running', flinkJobId: jobId });
      expect(reattached?.message).toBe(`re-attached to Flink job ${jobId}, which is RUNNING`);

      // B dies without releasing the lease: A takes over once it expires.
      const killedAt = Date.now();
      await b.stop('SIGKILL');
      await world.waitFor(
        a,
        job,
        'to be observed by A',
        (s) => holderOf(a).test(s.deployment?.observedBy ?? ''),
        {
          timeoutMs: 40_000,
        },
      );
      console.log(`leader failover after SIGKILL: ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
      expect(holderOf(a).test((await redis.get(leaderKey())) ?? '')).toBe(true);
      expect((await world.status(a, job)).deployment?.state).toBe('running');

      await a.request('POST', `/v1/jobs/${job}/realtime/cancel`);
      await world.waitState(a, job, 'cancelled', 30_000);
    },
    SLOW,
  );
});
