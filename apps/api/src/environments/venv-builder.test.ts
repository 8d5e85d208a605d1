import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BuildProgress, buildVenv, hasRequirements, PipProgress } from './venv-builder.js';

describe('PipProgress', () => {
  it('moves through the download phase and ends at the install marks', () => {
    const p = new PipProgress(10, 90);
    const a = p.feed('Collecting requests==2.32.3');
    const b = p.feed('  Collecting idna<4 (from requests)');
    expect(a?.step).toBe('collecting requests==2.32.3');
    expect(b!.percent).toBeGreaterThan(a!.percent);
    expect(b!.percent).toBeLessThan(66);
    expect(p.feed('  Downloading idna-3.7-py3-none-any.whl (66 kB)')).toBeUndefined();
    expect(p.feed('Installing collected packages: idna, requests')?.percent).toBe(74);
    expect(p.feed('Successfully installed idna-3.7 requests-2.32.3')).toEqual({
      step: 'packages installed',
      percent: 90,
    });
  });
});

describe('hasRequirements', () => {
  it('ignores comments, blank lines and options', () => {
    expect(hasRequirements('# nothing\n\n--pre\n')).toBe(false);
    expect(hasRequirements('# x\nrequests\n')).toBe(true);
  });
});

describe('buildVenv', () => {
  const root = mkdtempSync(join(tmpdir(), 'sluice-venv-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a working venv without requirements and reports progress', async () => {
    const steps: BuildProgress[] = [];
    const lines: string[] = [];
    const result = await buildVenv({
      python: 'python3',
      dir: join(root, 'b1'),
      requirements: '# none\n',
      signal: new AbortController().signal,
      log: (_s, m) => lines.push(m),
      progress: (p) => steps.push(p),
    });
    expect(result.pythonPath).toBe(join(root, 'b1', 'venv', 'bin', 'python'));
    expect(result.pythonVersion).toMatch(/^3\.\d+\.\d+/);
    expect(steps.map((s) => s.step)).toEqual([
      'creating the virtual environment',
      'checking the environment',
    ]);
    expect(lines.join('\n')).toMatch(/standard library only/);
  });

  it('fails with the step and pip’s reason when a requirement does not exist', async () => {
    await expect(
      buildVenv({
        python: 'python3',
        dir: join(root, 'b2'),
        requirements: 'sluice-no-such-package-zz9==0.0.1',
        signal: new AbortController().signal,
        log: () => undefined,
        progress: () => undefined,
      }),
    ).rejects.toThrow(
      /^pip install -r requirements.txt exited with code 1: .*No matching distribution found for sluice-no-such-package-zz9/,
    );
  }, 120_000);
});
