import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../src/node.js';
import { repoRoot, stack } from './support/stack.js';

// The Python side (packages/python/tests) with the Flink venv's interpreter, so that the driver
// tests that need pyflink run (plain python3 skips them) on a local Flink mini cluster.
describe('sluice_runtime Flink driver (Python unit tests)', () => {
  it('passes with the Flink environment Python, none skipped', async () => {
    expect(existsSync(stack.python), `${stack.python} (run infra/install.sh)`).toBe(true);
    const result = await runProcess(
      stack.python,
      ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.', '-p', 'test_flink_*.py'],
      {
        cwd: resolve(repoRoot, 'packages/python'),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: process.env.HOME ?? '/tmp' },
        timeoutMs: 600_000,
      },
    );
    expect(result.code, result.output.slice(-4000)).toBe(0);
    expect(result.output).toMatch(/Ran \d+ tests/);
    expect(result.output).not.toContain('skipped');
  }, 660_000);
});
