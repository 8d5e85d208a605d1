import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSreworksPackage } from '@sluice/dag';
import { sreworksPackage } from '@sluice/flink/test-fixtures/sreworks-package';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { RealtimeWorld, SLOW } from './support/realtime-world.js';

/**
 * An SREWorks job package imported (the API has no import endpoint: `@sluice/dag`'s importer, then
 * `POST /v1/jobs`), its script preview checked as Python by the environment's interpreter, and run
 * on the real cluster through the API to its end.
 */
describe('an SREWorks job package through the API', () => {
  const world = new RealtimeWorld();
  const name = `sw-${randomBytes(3).toString('hex')}`;
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    await world.db.query('CREATE TABLE scaled (n BIGINT PRIMARY KEY, scaled BIGINT)');
    api = await world.api('api');
    await world.environmentReady(api);
  }, SLOW);

  afterAll(() => world.close(), SLOW);

  it(
    'imports, previews a script the environment’s Python compiles, and runs to completion with its parameters',
    async () => {
      const imported = importSreworksPackage(sreworksPackage(world.database), { name });
      expect(imported.issues.filter((i) => i.severity === 'error')).toEqual([]);
      await api.request('POST', '/v1/jobs', imported.job);

      const preview = await api.request<{ script: string; parameters: { name: string; secret: boolean }[] }>(
        'GET',
        `/v1/jobs/${name}/realtime/script`,
      );
      expect(preview.script).toContain("parser.add_argument('--multiplier', type=str, required=True)");
      expect(preview.script).toContain('t_env.from_path("numbers")');
      expect(preview.parameters).toContainEqual({
        name: 'db_password',
        secret: true,
        required: expect.any(Boolean),
      });
      // Valid Python for the environment's interpreter, which imports pyflink (linked runtime).
      const envDir = join(world.dataDir, 'envs', 'default');
      const build = readdirSync(envDir).find((d) => d.startsWith('build-')) as string;
      const python = join(envDir, build, 'venv', 'bin', 'python');
      const script = join(world.dataDir, 'preview.py');
      writeFileSync(script, preview.script);
      execFileSync(python, ['-m', 'py_compile', script]);
      expect(
        execFileSync(python, ['-c', 'import pyflink.version as v; print(v.__version__)']).toString().trim(),
      ).toBe('2.2.1');

      await api.request('POST', `/v1/jobs/${name}/realtime/start`, {
        parameters: { multiplier: '3', db_password: 'sluice' },
      });
      const finished = await world.waitState(api, name, 'finished', 300_000);
      expect(finished.deployment).toMatchObject({ flinkState: 'FINISHED', endedAt: expect.any(String) });
      const [rows] = await world.db.query('SELECT n, scaled FROM scaled ORDER BY n');
      expect(rows).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, scaled: 3 * n })));
    },
    SLOW,
  );
});
