import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BUILD_ENV_KEYS, inheritedEnv } from '../config/child-env.js';
import {
  PYFLINK_MARKER,
  PYFLINK_PTH,
  type PyflinkMarker,
  type PyflinkPlan,
  type PythonProbe,
  planPyflink,
  probePython,
} from './pyflink-runtime.js';

export interface BuildProgress {
  step: string;
  /** 0-100. */
  percent: number;
}

export interface VenvBuildOptions {
  /** Interpreter that creates the venv (`python3`). */
  python: string;
  /** Directory of this build; created fresh (an existing one is removed first). */
  dir: string;
  requirements: string;
  signal: AbortSignal;
  log: (stream: 'stdout' | 'stderr' | 'builder', message: string) => void;
  progress: (progress: BuildProgress) => void;
  /** Longest one command (venv, pip install, pip check) may run. */
  commandTimeoutMs?: number;
  /**
   * Real-time jobs: give the venv PyFlink, by linking one of `runtimes` (see pyflink-runtime.ts) or
   * installing `apache-flink`. Absent: the venv gets no PyFlink.
   */
  pyflink?: { flinkVersion: string | null; runtimes: readonly PythonProbe[] };
  /** Real-time jobs: extra jars (Maven coordinates) fetched into `<dir>/jars` with `maven`. */
  jars?: { coordinates: readonly string[]; maven: string };
}

export interface VenvBuildResult {
  pythonPath: string;
  pythonVersion: string;
  /** The PyFlink the venv imports (also written to `<dir>/pyflink.json`), or null. */
  pyflink: PyflinkMarker | null;
  /** Absolute paths of the fetched extra jars. */
  jars: string[];
}

/** A build step failed; the message says which step and why (pip's own explanation is in the log). */
export class VenvBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VenvBuildError';
  }
}

/** Environment for build commands: enough to find Python and reach the index, nothing of the API's. */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    PIP_PROGRESS_BAR: 'off',
    PYTHONUNBUFFERED: '1',
  };
  return { ...inheritedEnv(BUILD_ENV_KEYS), ...env };
}

async function run(
  command: string,
  args: string[],
  opts: Pick<VenvBuildOptions, 'signal' | 'log' | 'commandTimeoutMs'> & {
    /** How messages name the command, e.g. `pip install`. */
    label: string;
    onLine?: (line: string) => void;
  },
): Promise<{ stdout: string }> {
  const timeoutMs = opts.commandTimeoutMs ?? 30 * 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: buildEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let tail = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (stdout.length < 100_000) stdout += `${line}\n`;
      opts.log('stdout', line);
      opts.onLine?.(line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      tail = line.trim() === '' ? tail : line;
      opts.log('stderr', line);
      opts.onLine?.(line);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      reject(new VenvBuildError(`${opts.label}: cannot start \`${command}\`: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      const what = opts.label;
      if (opts.signal.aborted) reject(new VenvBuildError('build cancelled'));
      else if (signal === 'SIGKILL')
        reject(new VenvBuildError(`${what} took longer than ${Math.round(timeoutMs / 1000)} s`));
      else if (code !== 0)
        reject(new VenvBuildError(`${what} exited with code ${code}${tail ? `: ${tail.trim()}` : ''}`));
      else resolve({ stdout });
    });
  });
}

/**
 * Turns pip's output into a rough percentage. pip does not announce how many packages it will
 * fetch (dependencies are found as it goes), so each new "Collecting" line moves the bar a part
 * of the remaining way through the download phase, and the install phase has fixed marks.
 */
export class PipProgress {
  private percent: number;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {
    this.percent = from;
  }

  /** Returns the new progress when `line` moved it, else undefined. */
  feed(line: string): BuildProgress | undefined {
    const collecting = /^\s*Collecting (\S+)/.exec(line);
    const span = this.to - this.from;
    if (collecting) {
      const cap = this.from + span * 0.7;
      this.percent = Math.min(cap, this.percent + (cap - this.percent) * 0.25);
      return { step: `collecting ${collecting[1]}`, percent: Math.floor(this.percent) };
    }
    if (/^\s*Installing collected packages/.test(line)) {
      this.percent = this.from + span * 0.8;
      return { step: 'installing packages', percent: Math.floor(this.percent) };
    }
    if (/^\s*Successfully installed/.test(line)) {
      this.percent = this.to;
      return { step: 'packages installed', percent: this.to };
    }
    return undefined;
  }
}

/** Whether the requirements text names anything to install. */
export function hasRequirements(text: string): boolean {
  return text.split('\n').some((line) => {
    const bare = line.replace(/(^|\s)#.*$/, '').trim();
    return bare !== '' && !bare.startsWith('-');
  });
}

/**
 * Builds a Python venv in `dir`: `python -m venv`, `pip install -r requirements.txt`, then
 * `pip check` (dependency conflicts fail the build now rather than a run later).
 *
 * @example
 * const { pythonPath } = await buildVenv({ python: 'python3', dir: '/data/envs/default/build-1',
 *   requirements: 'requests==2.32.3', signal, log: console.log, progress: console.log });
 */
export async function buildVenv(opts: VenvBuildOptions): Promise<VenvBuildResult> {
  await rm(opts.dir, { recursive: true, force: true });
  await mkdir(opts.dir, { recursive: true });
  const venvDir = join(opts.dir, 'venv');
  const pythonPath = join(venvDir, 'bin', 'python');

  opts.progress({ step: 'creating the virtual environment', percent: 2 });
  opts.log('builder', `$ ${opts.python} -m venv ${venvDir}`);
  await run(opts.python, ['-m', 'venv', venvDir], { ...opts, label: `${opts.python} -m venv` });

  let requirements = opts.requirements;
  let plan: PyflinkPlan | undefined;
  if (opts.pyflink) {
    plan = await preparePyflink(pythonPath, opts.pyflink, opts.log);
    // Installed with the requirements, so that pip resolves both together (and reports progress once).
    if (plan.kind === 'install') requirements = `${plan.requirement}\n${requirements}`;
  }

  if (hasRequirements(requirements)) {
    const file = join(opts.dir, 'requirements.txt');
    await writeFile(file, requirements.endsWith('\n') ? requirements : `${requirements}\n`);
    opts.progress({ step: 'installing requirements', percent: 10 });
    opts.log('builder', `$ ${pythonPath} -m pip install -r requirements.txt`);
    const progress = new PipProgress(10, 90);
    await run(pythonPath, ['-m', 'pip', 'install', '--no-input', '-r', file], {
      ...opts,
      label: 'pip install -r requirements.txt',
      onLine: (line) => {
        const p = progress.feed(line);
        if (p) opts.progress(p);
      },
    });
  } else {
    opts.log('builder', 'no requirements: the environment has the standard library only');
  }

  const jars = opts.jars && opts.jars.coordinates.length > 0 ? await fetchJars(opts, opts.jars) : [];

  opts.progress({ step: 'checking the environment', percent: 92 });
  opts.log('builder', `$ ${pythonPath} -m pip check`);
  await run(pythonPath, ['-m', 'pip', 'check'], { ...opts, label: 'pip check' });
  const { stdout } = await run(pythonPath, ['-c', 'import sys; print(sys.version.split()[0])'], {
    ...opts,
    label: 'python --version',
  });
  const pyflink = plan && plan.kind !== 'none' ? await verifyPyflink(pythonPath, plan, opts) : null;
  return { pythonPath, pythonVersion: stdout.trim(), pyflink, jars };
}

/** Links a PyFlink runtime into the venv now, or says what the requirements must install. */
async function preparePyflink(
  pythonPath: string,
  pyflink: NonNullable<VenvBuildOptions['pyflink']>,
  log: VenvBuildOptions['log'],
): Promise<PyflinkPlan> {
  const venv = await probePython(pythonPath);
  const plan = planPyflink(pyflink.flinkVersion, venv.pythonVersion, pyflink.runtimes);
  if (plan.kind === 'link') {
    // A .pth line appends the runtime's site-packages to sys.path: after the venv's own
    // packages, so the environment's requirements win any overlap with PyFlink's.
    await writeFile(join(venv.purelib, PYFLINK_PTH), `${plan.runtime.purelib}\n`);
    log(
      'builder',
      `PyFlink ${plan.runtime.pyflinkVersion}: linked from the runtime ${plan.runtime.python} (${PYFLINK_PTH})`,
    );
  } else if (plan.kind === 'install') {
    log('builder', `PyFlink: no runtime has Flink ${pyflink.flinkVersion}; installing ${plan.requirement}`);
  } else {
    log('builder', `PyFlink: not available (${plan.reason}); real-time jobs cannot use this environment`);
  }
  return plan;
}

/** Checks that `pyflink` imports and records which one (`<dir>/pyflink.json`). */
async function verifyPyflink(
  pythonPath: string,
  plan: Exclude<PyflinkPlan, { kind: 'none' }>,
  opts: VenvBuildOptions,
): Promise<PyflinkMarker> {
  const probe = await probePython(pythonPath);
  if (!probe.pyflinkVersion) {
    throw new VenvBuildError(
      plan.kind === 'link'
        ? `pyflink does not import from the runtime ${plan.runtime.python}: is that venv intact?`
        : `pyflink does not import after installing ${plan.requirement}`,
    );
  }
  const marker: PyflinkMarker =
    plan.kind === 'link'
      ? { version: probe.pyflinkVersion, source: 'runtime', runtime: plan.runtime.python }
      : { version: probe.pyflinkVersion, source: 'pip' };
  await writeFile(join(opts.dir, PYFLINK_MARKER), `${JSON.stringify(marker)}\n`);
  return marker;
}

/** Maven's `artifact` parameter is `group:artifact:version[:packaging[:classifier]]`. */
export function mavenArtifact(coordinates: string): string {
  const [group, artifact, version, classifier] = coordinates.split(':');
  return classifier ? `${group}:${artifact}:${version}:jar:${classifier}` : coordinates;
}

/** Fetches each jar (not its dependencies: connector jars are shaded) into `<dir>/jars`. */
async function fetchJars(
  opts: VenvBuildOptions,
  jars: NonNullable<VenvBuildOptions['jars']>,
): Promise<string[]> {
  const target = join(opts.dir, 'jars');
  await mkdir(target, { recursive: true });
  for (const [index, coordinates] of jars.coordinates.entries()) {
    opts.progress({
      step: `fetching ${coordinates}`,
      percent: 90 + Math.floor((index / jars.coordinates.length) * 2),
    });
    const args = [
      '-B',
      '-q',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=${mavenArtifact(coordinates)}`,
      `-DoutputDirectory=${target}`,
    ];
    opts.log('builder', `$ ${jars.maven} ${args.join(' ')}`);
    await run(jars.maven, args, { ...opts, label: `fetching jar ${coordinates}` });
  }
  return (await readdir(target)).filter((f) => f.endsWith('.jar')).map((f) => join(target, f));
}
