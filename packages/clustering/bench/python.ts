/**
 * Locates the package's Python tooling venv (creating it on first use) for the Drain3 baseline and
 * the mini-racer shim.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Package root (packages/clustering). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Path of the venv's python, running `scripts/ensure-python.sh` (idempotent, quick when present). */
export function ensurePython(): string {
  const out = execFileSync('bash', [join(packageRoot, 'scripts', 'ensure-python.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = out.trim().split('\n');
  return lines[lines.length - 1]!;
}
