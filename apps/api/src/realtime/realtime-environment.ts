import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { FlinkRestClient } from '@sluice/flink';
import { EnvironmentsService } from '../environments/environments.service.js';
import { buildDirOf, flinkVersionMatches, probePython } from '../environments/pyflink-runtime.js';
import { FLINK_REST } from './flink-rest.provider.js';

/** What a submission needs from the job's environment. */
export interface RealtimeEnvironment {
  name: string;
  /** The environment's Python: runs the PyFlink client and the TaskManagers' Python workers. */
  python: string;
  pyflinkVersion: string;
  clusterVersion: string;
  /** Extra jars fetched by the environment's build (absolute paths). */
  jars: string[];
}

/** The environment cannot run this job now; the message says why and what to do (a 409). */
export class EnvironmentMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentMismatchError';
  }
}

const PROBE_CACHE_MS = 30_000;

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/**
 * Checks that a job's environment can run it on the configured cluster: built, with a PyFlink
 * whose major.minor equals the cluster's Flink version (a PyFlink client of another line builds
 * job graphs the cluster cannot run), and, when the environment names a Flink version, that the
 * cluster runs it. Probing the venv's Python is what tells the truth (a `.pth` link can break when
 * its runtime is removed); results are cached briefly because a probe starts Python.
 */
@Injectable()
export class RealtimeEnvironments {
  private readonly probes = new Map<string, { at: number; version: string | null }>();

  constructor(
    private readonly environments: EnvironmentsService,
    @Inject(FLINK_REST) private readonly flink: FlinkRestClient,
  ) {}

  /**
   * @throws EnvironmentMismatchError (not built, no PyFlink, other Flink version)
   * @throws FlinkUnreachableError when the cluster's version cannot be asked
   */
  async check(name: string): Promise<RealtimeEnvironment> {
    const problem = await this.environments.readiness(name);
    if (problem) throw new EnvironmentMismatchError(problem);
    const row = await this.environments.get(name);
    const python = row.python_path as string;
    const [pyflinkVersion, cluster] = await Promise.all([
      this.pyflinkVersion(python),
      this.flink.clusterInfo({ timeoutMs: 5_000 }),
    ]);
    const clusterVersion = cluster.flinkVersion;
    if (pyflinkVersion === null) {
      throw new EnvironmentMismatchError(
        `environment '${name}' has no PyFlink, so it cannot run real-time jobs on the Flink ${clusterVersion} cluster; ` +
          `rebuild it (POST /api/v1/environments/${name}/build) to link the PyFlink runtime, or set its flinkVersion to ${majorMinor(clusterVersion)} to install apache-flink`,
      );
    }
    if (majorMinor(pyflinkVersion) !== majorMinor(clusterVersion)) {
      throw new EnvironmentMismatchError(
        `environment '${name}' has PyFlink ${pyflinkVersion} but the Flink cluster at ${this.flink.restUrl} runs Flink ${clusterVersion}; ` +
          `use an environment with flinkVersion ${majorMinor(clusterVersion)} (apache-flink==${clusterVersion}) or a Flink ${majorMinor(pyflinkVersion)} cluster`,
      );
    }
    if (row.flink_version && !flinkVersionMatches(row.flink_version, clusterVersion)) {
      throw new EnvironmentMismatchError(
        `environment '${name}' is for Flink ${row.flink_version} but the cluster at ${this.flink.restUrl} runs Flink ${clusterVersion}`,
      );
    }
    return { name, python, pyflinkVersion, clusterVersion, jars: await this.jars(python) };
  }

  private async pyflinkVersion(python: string): Promise<string | null> {
    const cached = this.probes.get(python);
    if (cached && Date.now() - cached.at < PROBE_CACHE_MS) return cached.version;
    const { pyflinkVersion } = await probePython(python);
    this.probes.set(python, { at: Date.now(), version: pyflinkVersion });
    return pyflinkVersion;
  }

  private async jars(python: string): Promise<string[]> {
    const dir = join(buildDirOf(python), 'jars');
    const files = await readdir(dir).catch(() => [] as string[]);
    return files.filter((f) => f.endsWith('.jar')).map((f) => join(dir, f));
  }
}
