import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * PyFlink in environments (real-time jobs). `apache-flink` is a ~900 MB install (a whole Flink
 * distribution plus Beam); installing it into every environment would make each build take
 * minutes and fill the disk. Instead an environment links a **PyFlink runtime venv** of the right
 * Flink line (the infra's `.data/flink-venv` for the local 2.2.1 cluster): a `.pth` file in the
 * environment's site-packages appends the runtime's site-packages to `sys.path`, so `pyflink` and
 * its dependencies import from there while the environment's own requirements (installed first on
 * `sys.path`) win any overlap. Only when no runtime has the requested version is `apache-flink`
 * installed into the environment with pip.
 */

/** What one Python interpreter offers. */
export interface PythonProbe {
  python: string;
  /** e.g. `3.11.7`. */
  pythonVersion: string;
  /** Its site-packages (`sysconfig` purelib). */
  purelib: string;
  /** `pyflink.version.__version__`, or null when `pyflink` does not import. */
  pyflinkVersion: string | null;
}

/** How an environment gets PyFlink. */
export type PyflinkPlan =
  | { kind: 'link'; runtime: PythonProbe }
  | { kind: 'install'; requirement: string }
  | { kind: 'none'; reason: string };

/** Written next to a build's venv (`<build>/pyflink.json`) so that views need not start Python. */
export interface PyflinkMarker {
  version: string;
  source: 'runtime' | 'pip';
  /** The runtime's Python, when linked. */
  runtime?: string;
}

export const PYFLINK_PTH = 'sluice-pyflink.pth';
export const PYFLINK_MARKER = 'pyflink.json';

const PROBE_CODE = [
  'import json, sys, sysconfig',
  'try:',
  '    import pyflink.version as v',
  '    pv = v.__version__',
  'except Exception:',
  '    pv = None',
  "print(json.dumps({'pythonVersion': sys.version.split()[0], 'purelib': sysconfig.get_paths()['purelib'], 'pyflinkVersion': pv}))",
].join('\n');

/** A problem starting or reading a Python interpreter. */
export class PythonProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PythonProbeError';
  }
}

/**
 * Asks an interpreter for its version, site-packages and PyFlink version. The child gets a minimal
 * environment: nothing of the API's (database URLs, keys) is handed to a user's venv.
 *
 * @example
 * const probe = await probePython('/data/envs/default/build-1/venv/bin/python');
 * probe.pyflinkVersion; // '2.2.1' or null
 */
export function probePython(python: string, timeoutMs = 30_000): Promise<PythonProbe> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', PROBE_CODE], {
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      if (err.length < 4_000) err += c;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PythonProbeError(`cannot run ${python}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        const why = err.trim().split('\n').pop() ?? `exit code ${code}`;
        reject(new PythonProbeError(`${python} did not answer the probe: ${why}`));
        return;
      }
      const parsed = JSON.parse(line) as Omit<PythonProbe, 'python'>;
      resolve({ python, ...parsed });
    });
  });
}

/** Probes each configured runtime; the ones that cannot run or have no PyFlink are left out. */
export async function probeRuntimes(
  pythons: readonly string[],
): Promise<{ runtimes: PythonProbe[]; problems: string[] }> {
  const runtimes: PythonProbe[] = [];
  const problems: string[] = [];
  for (const python of pythons) {
    try {
      const probe = await probePython(python);
      if (probe.pyflinkVersion) runtimes.push(probe);
      else problems.push(`PyFlink runtime ${python} has no apache-flink installed`);
    } catch (error) {
      problems.push(`PyFlink runtime ${python}: ${(error as Error).message}`);
    }
  }
  return { runtimes, problems };
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** Whether PyFlink `actual` satisfies an environment's `flinkVersion` (`2.2` = any 2.2.x, `2.2.1` exactly). */
export function flinkVersionMatches(wanted: string, actual: string): boolean {
  return wanted.split('.').length >= 3 ? actual === wanted : majorMinor(actual) === majorMinor(wanted);
}

/**
 * Decides how an environment gets PyFlink. A runtime can only be linked into a venv of the same
 * Python minor version (compiled wheels are per CPython ABI). An environment without a Flink
 * version links the first usable runtime, so that `default` serves scheduled and real-time jobs
 * alike; one with a version links a runtime of that version, or installs `apache-flink` itself.
 *
 * @example
 * planPyflink('2.2', '3.11.7', [{ pyflinkVersion: '2.2.1', pythonVersion: '3.11.7', ... }]).kind; // 'link'
 * planPyflink('1.20', '3.11.7', runtimes); // { kind: 'install', requirement: 'apache-flink==1.20.*' }
 */
export function planPyflink(
  flinkVersion: string | null,
  envPythonVersion: string,
  runtimes: readonly PythonProbe[],
): PyflinkPlan {
  const usable = runtimes.filter(
    (r) => r.pyflinkVersion !== null && majorMinor(r.pythonVersion) === majorMinor(envPythonVersion),
  );
  if (flinkVersion === null) {
    const [first] = usable;
    if (first) return { kind: 'link', runtime: first };
    return {
      kind: 'none',
      reason:
        runtimes.length === 0
          ? 'no PyFlink runtime is configured (SLUICE_PYFLINK_RUNTIMES); set the environment’s flinkVersion to install apache-flink into it'
          : `no PyFlink runtime runs Python ${majorMinor(envPythonVersion)}; set the environment’s flinkVersion to install apache-flink into it`,
    };
  }
  const match = usable.find((r) => flinkVersionMatches(flinkVersion, r.pyflinkVersion as string));
  if (match) return { kind: 'link', runtime: match };
  return {
    kind: 'install',
    requirement:
      flinkVersion.split('.').length >= 3
        ? `apache-flink==${flinkVersion}`
        : `apache-flink==${flinkVersion}.*`,
  };
}

/** The build directory of a venv's Python (`<build>/venv/bin/python` -> `<build>`). */
export function buildDirOf(pythonPath: string): string {
  return dirname(dirname(dirname(pythonPath)));
}

/** The PyFlink a ready build recorded, or null (built before PyFlink support, or without PyFlink). */
export async function readPyflinkMarker(pythonPath: string): Promise<PyflinkMarker | null> {
  try {
    return JSON.parse(await readFile(join(buildDirOf(pythonPath), PYFLINK_MARKER), 'utf8')) as PyflinkMarker;
  } catch {
    return null;
  }
}
