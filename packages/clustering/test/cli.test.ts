/**
 * The `sluice-cluster` command from dist (a second Node process) must give the same ids and templates
 * as the library in this process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSystems, loadSystem } from '../bench/loghub.js';
import { parseLines } from '../src/index.js';
import { hasLoghub, LOGHUB_DIR } from './loghub.js';

const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');

function runCli(args: string[], input: string) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
}

describe('sluice-cluster parse', () => {
  it('prints one {"pattern","template"} per input line, in order', () => {
    const r = runCli(['parse'], 'took 5 ms\ntook 7 ms\r\nhello world\n');
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toEqual([
      { pattern: expect.any(String), template: 'took <*> ms' },
      { pattern: out[0].pattern, template: 'took <*> ms' },
      { pattern: expect.any(String), template: 'hello world' },
    ]);
  });

  it.skipIf(!hasLoghub)('gives the same ids and templates as this process on every Loghub system', () => {
    for (const name of listSystems(LOGHUB_DIR)) {
      const lines = loadSystem(LOGHUB_DIR, name).contents.map((l) => l.replace(/[\r\n]+/g, ' '));
      const r = runCli(['parse'], `${lines.join('\n')}\n`);
      expect(r.status, r.stderr).toBe(0);
      const theirs = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { pattern: string; template: string });
      const ours = parseLines(lines).map((p) => ({ pattern: p.patternId, template: p.template }));
      expect(theirs, name).toEqual(ours);
    }
  });

  it('reports bad usage and bad options clearly', () => {
    const bad = runCli(['frobnicate'], '');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    const header = runCli(['parse', '--header', '<Date> <Time>'], 'x\n');
    expect(header.status).toBe(2);
    expect(header.stderr).toContain('<Content>');
  });
});
