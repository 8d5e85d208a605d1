import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { secretMasker } from '@sluice/dag';
import type { CompiledRealtimeJob } from '../compile/compile-realtime-job.js';
import { parameterText } from '../parameter-text.js';
import { FlinkRestClient } from '../rest/flink-rest-client.js';
import { type ProcessResult, runProcess } from './run-process.js';

/** Where `sluice_runtime` lives next to this package (`packages/python/sluice_runtime`), from src/ or dist/. */
export const DEFAULT_RUNTIME_DIR = fileURLToPath(new URL('../../../python/sluice_runtime', import.meta.url));

/** Environment variable naming the parameters file (read by `sluice_runtime.flink_plan`). */
export const PARAMS_FILE_ENV = 'SLUICE_PARAMS_FILE';

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';
const JOB_ID_MARKER = /SLUICE_JOB_ID=([0-9a-f]{32})/;
const FLINK_JOB_ID_LINE = /Job has been submitted with JobID ([0-9a-f]{32})/;

export interface SubmitRealtimeJobOptions {
  compiled: CompiledRealtimeJob;
  /** JobManager REST URL; `flink run -m` gets its host:port, and the version check asks it. */
  restUrl: string;
  /** The environment's Python (with `apache-flink`): runs the client and the Python workers. */
  python: string;
  /** FLINK_HOME whose `bin/flink` submits; defaults to the `pyflink` package of `python`. */
  flinkHome?: string;
  /** Java for `bin/flink` (JAVA_HOME); without it, `env.java.home` of the Flink config or `java` on `path`. */
  javaHome?: string;
  /** PATH of the child processes (`bin/flink` is a bash script); default `/usr/local/bin:/usr/bin:/bin`. */
  path?: string;
  /** Start parameter values, secrets included; they only reach a 0600 file deleted after submission. */
  params?: Readonly<Record<string, unknown>>;
  /** Savepoint or retained checkpoint to resume from (`flink run -s`). */
  restoreFrom?: string;
  /** Resume even if the savepoint has state for operators the job no longer has (`-n`). */
  allowNonRestoredState?: boolean;
  /** Overrides the job's parallelism for this submission (`-p`). */
  parallelism?: number;
  /** Extra jars (local paths) for the job, e.g. an environment's connectors (`pipeline.jars`). */
  extraJars?: readonly string[];
  /** `sluice_runtime` package directory to ship with the job (default {@link DEFAULT_RUNTIME_DIR}). */
  runtimeDir?: string;
  /** Parent of the per-submission directories (default the OS temp dir). */
  workDir?: string;
  /** Keep the job's directory (script, plan, shipped runtime) after submission, for debugging. */
  keepJobDir?: boolean;
  /** Limit for the whole `flink run` (default 180 s: the client starts a JVM and Python). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SubmittedRealtimeJob {
  jobId: string;
  pipelineName: string;
  flinkVersion: string;
  pyflinkVersion: string;
  /** Redacted output of `flink run`, for a submission log. */
  output: string;
  /** The job's directory when `keepJobDir` was set. */
  jobDir?: string;
  warnings: string[];
}

/** Submission refused or failed; `output` is the redacted tail of what `flink run` printed. */
export class FlinkSubmitError extends Error {
  constructor(
    message: string,
    readonly output: string = '',
  ) {
    super(message);
    this.name = 'FlinkSubmitError';
  }
}

/** The environment's PyFlink does not match the cluster's Flink version. */
export class FlinkVersionMismatchError extends FlinkSubmitError {
  constructor(
    readonly clusterVersion: string,
    readonly pyflinkVersion: string,
    python: string,
  ) {
    super(
      `the environment's PyFlink ${pyflinkVersion} (${python}) does not match the Flink ${clusterVersion} cluster; ` +
        `install apache-flink==${clusterVersion} in the environment (or run the job on a ${pyflinkVersion} cluster)`,
    );
    this.name = 'FlinkVersionMismatchError';
  }
}

interface PyflinkProbe {
  version: string;
  home: string;
}

/** A clean environment for child processes: `PythonEnvUtils` logs the client's whole environment
 * into Flink's client log, so nothing of this process (database URLs, keys) may be inherited. */
function childEnv(
  options: Pick<SubmitRealtimeJobOptions, 'javaHome' | 'path'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: options.path ?? DEFAULT_PATH,
    LANG: 'C.UTF-8',
    HOME: tmpdir(),
    ...extra,
  };
  if (options.javaHome) env.JAVA_HOME = options.javaHome;
  return env;
}

async function probePyflink(
  python: string,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<PyflinkProbe> {
  const code =
    'import json, os, pyflink, pyflink.version as v; ' +
    "print(json.dumps({'version': v.__version__, 'home': os.path.dirname(os.path.abspath(pyflink.__file__))}))";
  let result: ProcessResult;
  try {
    result = await runProcess(python, ['-c', code], {
      env,
      timeoutMs: 60_000,
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    throw new FlinkSubmitError(`the environment's Python ${python} cannot be run: ${(e as Error).message}`);
  }
  const line = result.output.trim().split('\n').pop() ?? '';
  if (result.code !== 0 || !line.startsWith('{')) {
    throw new FlinkSubmitError(
      `the environment's Python ${python} has no usable apache-flink (import pyflink failed)`,
      result.output.slice(-2_000),
    );
  }
  return JSON.parse(line) as PyflinkProbe;
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** `flink run -m` wants host:port; the REST URL may carry a path or a trailing slash. */
function jobManagerAddress(restUrl: string): string {
  const url = new URL(restUrl);
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

async function copyRuntime(runtimeDir: string, target: string): Promise<void> {
  const files = (await readdir(runtimeDir)).filter((f) => f.endsWith('.py'));
  if (!files.includes('flink_driver.py')) {
    throw new FlinkSubmitError(`${runtimeDir} is not the sluice_runtime package (no flink_driver.py)`);
  }
  await mkdir(target, { recursive: true });
  await Promise.all(files.map((f) => copyFile(join(runtimeDir, f), join(target, f))));
}

/** Maps a script line to the pyflink step it belongs to, for syntax error messages. */
function whereInScript(compiled: CompiledRealtimeJob, line: number): string {
  const f = compiled.plan.fragments.find((x) => line >= x.firstLine && line <= x.lastLine);
  return f
    ? `pyflink step '${f.name}', line ${line - f.firstLine + 1}`
    : `line ${line} of the generated script`;
}

async function checkSyntax(
  compiled: CompiledRealtimeJob,
  python: string,
  script: string,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<void> {
  const code =
    'import sys\ntry:\n    compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec")\n' +
    'except SyntaxError as e:\n    print(f"SYNTAX {e.lineno} {e.msg}")\n    sys.exit(3)';
  const result = await runProcess(python, ['-c', code, script], {
    env,
    timeoutMs: 60_000,
    ...(signal ? { signal } : {}),
  });
  const m = /SYNTAX (\d+) (.*)/.exec(result.output);
  if (result.code === 3 && m) {
    throw new FlinkSubmitError(`syntax error in ${whereInScript(compiled, Number(m[1]))}: ${m[2]}`);
  }
}

/** The most useful lines of a failed `flink run`: the last Python traceback, else the tail. */
function failureSummary(output: string): string {
  const at = output.lastIndexOf('Traceback (most recent call last):');
  const tail = at >= 0 ? output.slice(at) : output;
  const lines = tail.trim().split('\n');
  return lines.slice(-40).join('\n');
}

/**
 * Submits a compiled real-time job to a Flink session cluster with the PyFlink CLI
 * (`bin/flink run -d -py ...`; PyFlink jobs cannot be submitted as REST jar runs) and returns the
 * Flink job id. Node-only.
 *
 * What it does: refuses when the environment's PyFlink and the cluster differ in major.minor
 * version; writes the script and plan to a private directory and the start parameters to a
 * separate 0600 file (deleted in every case once `flink run` exits); ships `sluice_runtime` with
 * `-pyfs`; runs `flink run` without a shell and with a clean environment; reads the job id the
 * driver prints. Errors carry the tail of the CLI output with every secret value replaced by `***`.
 *
 * @example
 * const compiled = compileRealtimeJob({ job, version: 3 });
 * const { jobId } = await submitRealtimeJob({
 *   compiled,
 *   restUrl: 'http://127.0.0.1:8081',
 *   python: '/work/main/.data/flink-venv/bin/python',
 *   params: { db_password: 's3cret' },
 *   restoreFrom: 'file:///data/flink/savepoints/savepoint-abc',
 * });
 */
export async function submitRealtimeJob(options: SubmitRealtimeJobOptions): Promise<SubmittedRealtimeJob> {
  const { compiled, python, signal } = options;
  const params = options.params ?? {};
  const secrets = compiled.parameters
    .filter((p) => p.secret && params[p.name] !== undefined && params[p.name] !== null)
    .map((p) => parameterText(params[p.name]));
  const redact = secretMasker(secrets);
  const missing = compiled.parameters
    .filter(
      (p) => p.required && (params[p.name] === undefined || params[p.name] === null || params[p.name] === ''),
    )
    .map((p) => p.name);
  if (missing.length > 0) {
    throw new FlinkSubmitError(
      `job '${compiled.jobName}' needs a value for parameter(s) ${missing.join(', ')}`,
    );
  }

  const rest = new FlinkRestClient({ restUrl: options.restUrl });
  const env = childEnv(options);
  const [cluster, probe] = await Promise.all([
    rest.clusterInfo({ ...(signal ? { signal } : {}) }),
    probePyflink(python, env, signal),
  ]);
  if (majorMinor(cluster.flinkVersion) !== majorMinor(probe.version)) {
    throw new FlinkVersionMismatchError(cluster.flinkVersion, probe.version, python);
  }
  const warnings: string[] = [];
  if (cluster.flinkVersion !== probe.version) {
    warnings.push(
      `PyFlink ${probe.version} submits to Flink ${cluster.flinkVersion}: same minor version, different patch`,
    );
  }
  const flinkHome = options.flinkHome ?? probe.home;

  const root = await mkdtemp(join(options.workDir ?? tmpdir(), `sluice-${compiled.jobName.slice(0, 40)}-`));
  const jobDir = join(root, 'job');
  const secretDir = join(root, 'secret');
  try {
    await chmod(root, 0o700);
    await mkdir(jobDir, { mode: 0o700 });
    for (const file of compiled.files)
      await writeFile(join(jobDir, file.path), file.content, { mode: 0o600 });
    await copyRuntime(options.runtimeDir ?? DEFAULT_RUNTIME_DIR, join(jobDir, 'pylib', 'sluice_runtime'));
    const script = join(jobDir, compiled.entryPoint);
    await checkSyntax(compiled, python, script, env, signal);

    // Parameters: a separate directory that nothing ships, a file only this user can read.
    await mkdir(secretDir, { mode: 0o700 });
    const paramsFile = join(secretDir, 'params.json');
    await writeFile(paramsFile, JSON.stringify(params), { mode: 0o600, flag: 'wx' });

    const args = ['run', '-m', jobManagerAddress(options.restUrl), '-d', '-py', script];
    args.push('-pyfs', join(jobDir, 'pylib'), '-pyexec', python, '-pyclientexec', python);
    if (options.restoreFrom) args.push('-s', options.restoreFrom);
    if (options.allowNonRestoredState) args.push('-n');
    if (options.parallelism !== undefined) args.push('-p', String(options.parallelism));
    if (options.extraJars && options.extraJars.length > 0) {
      args.push(`-Dpipeline.jars=${options.extraJars.map((j) => `file://${j}`).join(';')}`);
    }
    let result: ProcessResult;
    try {
      result = await runProcess(join(flinkHome, 'bin', 'flink'), args, {
        cwd: jobDir,
        env: { ...env, [PARAMS_FILE_ENV]: paramsFile },
        timeoutMs: options.timeoutMs ?? 180_000,
        ...(signal ? { signal } : {}),
      });
    } finally {
      await rm(secretDir, { recursive: true, force: true });
    }
    // The job id is read from the raw output: masking first could cut a secret's characters out
    // of it. Everything shown to people uses the redacted output.
    const jobId = JOB_ID_MARKER.exec(result.output)?.[1] ?? FLINK_JOB_ID_LINE.exec(result.output)?.[1];
    const output = redact(result.output);
    if (result.timedOut) {
      throw new FlinkSubmitError(
        `flink run did not finish within ${options.timeoutMs ?? 180_000} ms${jobId ? ` (job ${jobId} may have been submitted)` : ''}`,
        failureSummary(output),
      );
    }
    if (result.code !== 0 || !jobId) {
      const summary = failureSummary(output);
      const lastLine =
        summary
          .split('\n')
          .filter((l) => l.trim() !== '')
          .pop() ?? '(no output)';
      throw new FlinkSubmitError(
        `flink run failed for job '${compiled.jobName}' (exit ${result.code ?? result.signal}): ${lastLine}`,
        summary,
      );
    }
    return {
      jobId,
      pipelineName: compiled.pipelineName,
      flinkVersion: cluster.flinkVersion,
      pyflinkVersion: probe.version,
      output,
      ...(options.keepJobDir ? { jobDir } : {}),
      warnings,
    };
  } finally {
    await rm(secretDir, { recursive: true, force: true });
    if (!options.keepJobDir) await rm(root, { recursive: true, force: true });
  }
}
