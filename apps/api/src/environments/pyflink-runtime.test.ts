import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  flinkVersionMatches,
  type PythonProbe,
  PythonProbeError,
  planPyflink,
  probePython,
} from './pyflink-runtime.js';
import { mavenArtifact } from './venv-builder.js';

const runtime = (
  pyflinkVersion: string,
  pythonVersion = '3.11.7',
  python = '/rt/bin/python',
): PythonProbe => ({
  python,
  pythonVersion,
  purelib: `${python}-site`,
  pyflinkVersion,
});

describe('planPyflink', () => {
  it('links the first runtime of the right Python into an environment without a Flink version', () => {
    expect(planPyflink(null, '3.11.2', [runtime('2.2.1')])).toEqual({
      kind: 'link',
      runtime: runtime('2.2.1'),
    });
  });

  it('links a runtime of the requested Flink line, or installs apache-flink', () => {
    const runtimes = [runtime('1.20.1', '3.11.7', '/a'), runtime('2.2.1', '3.11.7', '/b')];
    expect(planPyflink('2.2', '3.11.7', runtimes)).toMatchObject({ kind: 'link', runtime: { python: '/b' } });
    expect(planPyflink('2.2.1', '3.11.7', runtimes)).toMatchObject({
      kind: 'link',
      runtime: { python: '/b' },
    });
    expect(planPyflink('2.2.0', '3.11.7', runtimes)).toEqual({
      kind: 'install',
      requirement: 'apache-flink==2.2.0',
    });
    expect(planPyflink('2.1', '3.11.7', runtimes)).toEqual({
      kind: 'install',
      requirement: 'apache-flink==2.1.*',
    });
  });

  it('never links a runtime of another Python minor version (compiled wheels are per ABI)', () => {
    expect(planPyflink('2.2', '3.12.1', [runtime('2.2.1', '3.11.7')])).toEqual({
      kind: 'install',
      requirement: 'apache-flink==2.2.*',
    });
    expect(planPyflink(null, '3.12.1', [runtime('2.2.1', '3.11.7')])).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/Python 3\.12/),
    });
    expect(planPyflink(null, '3.11.1', [])).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/no PyFlink runtime/),
    });
  });
});

describe('flinkVersionMatches', () => {
  it('matches a line (major.minor) or an exact version', () => {
    expect(flinkVersionMatches('2.2', '2.2.1')).toBe(true);
    expect(flinkVersionMatches('2.2.1', '2.2.1')).toBe(true);
    expect(flinkVersionMatches('2.2.0', '2.2.1')).toBe(false);
    expect(flinkVersionMatches('2.1', '2.2.1')).toBe(false);
  });
});

describe('mavenArtifact', () => {
  it('turns group:artifact:version:classifier into Maven’s artifact parameter', () => {
    expect(mavenArtifact('org.apache.flink:flink-json:2.2.1')).toBe('org.apache.flink:flink-json:2.2.1');
    expect(mavenArtifact('g:a:1.0:tests')).toBe('g:a:1.0:jar:tests');
  });
});

describe('probePython', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-probe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports version and site-packages, and no PyFlink for a plain interpreter', async () => {
    const probe = await probePython('python3');
    expect(probe.pythonVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(probe.purelib).toMatch(/-packages$/);
    expect(probe.pyflinkVersion).toBeNull();
  });

  it('fails with the interpreter named when it cannot run', async () => {
    await expect(probePython(join(dir, 'no-python'))).rejects.toThrow(PythonProbeError);
    await expect(probePython(join(dir, 'no-python'))).rejects.toThrow(/no-python/);
  });
});
