import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { datagenPythonBlackhole } from './support/jobs.js';
import { RealtimeWorld, SLOW } from './support/realtime-world.js';

interface EnvJson {
  status: string;
  flinkVersion: string | null;
  jars: string[];
  pyflink: { version: string; source: string } | null;
  build: { error: string | null };
}

/**
 * Environments for real-time jobs: a Flink version and extra jars (Maven coordinates). The build
 * links the PyFlink runtime of that Flink line (no 900 MB apache-flink per environment) and
 * fetches the jars from Maven Central; a job on it runs with the jars on its classpath.
 */
describe('real-time environments: PyFlink runtime link and extra jars', () => {
  const world = new RealtimeWorld();
  const job = `jars-${randomBytes(3).toString('hex')}`;
  // A small jar that is no Flink plugin, so it cannot clash with the cluster's own factories.
  const jar = 'com.google.code.gson:gson:2.11.0';
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    api = await world.api('api');
  }, SLOW);

  afterAll(() => world.close(), SLOW);

  it(
    'builds an environment for Flink 2.2 with a jar, and a job on it runs with the jar shipped',
    async () => {
      await api.request('POST', '/v1/environments', { name: 'flink22', flinkVersion: '2.2', jars: [jar] });
      const env = await world.pollEnv<EnvJson>(
        api,
        'flink22',
        (e) => e.status === 'READY' || e.status === 'FAILED',
      );
      expect(env.build.error).toBeNull();
      expect(env).toMatchObject({
        status: 'READY',
        flinkVersion: '2.2',
        jars: [jar],
        pyflink: { version: '2.2.1', source: 'runtime' },
      });
      const log = await api.request<{ lines: { message: string }[] }>(
        'GET',
        '/v1/environments/flink22/build-log?limit=5000',
      );
      const text = log.lines.map((l) => l.message).join('\n');
      expect(text).toMatch(/PyFlink 2\.2\.1: linked from the runtime .*flink-venv\/bin\/python/);
      expect(text).toMatch(
        /maven-dependency-plugin:3\.8\.1:copy -Dartifact=com\.google\.code\.gson:gson:2\.11\.0/,
      );
      expect(text).toMatch(/PyFlink 2\.2\.1, 1 extra jar\(s\)/);

      await api.request('POST', '/v1/jobs', {
        ...datagenPythonBlackhole({ name: job }),
        environment: 'flink22',
      });
      await api.request('POST', `/v1/jobs/${job}/realtime/start`, {});
      const running = await world.waitState(api, job, 'running');
      const submitting = (await world.history(api, job)).find((e) => e.type === 'submitting');
      expect(submitting?.message).toMatch(
        /environment 'flink22' \(PyFlink 2\.2\.1, Flink 2\.2\.1\), 1 extra jar/,
      );
      expect(running.deployment?.flinkJobId).toMatch(/^[0-9a-f]{32}$/);
      // `flink run` logs its arguments to the client log: the jar went to the job's classpath.
      expect(await world.flinkLogsSinceStart()).toContain(
        `-Dpipeline.jars=file://${world.dataDir}/envs/flink22/build-1/jars/gson-2.11.0.jar`,
      );
      await api.request('POST', `/v1/jobs/${job}/realtime/cancel`);
      await world.waitState(api, job, 'cancelled', 30_000);
    },
    SLOW,
  );
});
