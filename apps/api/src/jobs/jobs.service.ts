import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type {
  JobList,
  JobVersion,
  JobVersionSummary,
  JobView as JobViewContract,
  VersionDiff,
} from '@sluice/api-contract';
import {
  contentHash,
  diffJobs,
  formatPath,
  type Job,
  nextFireTimes,
  secretValueProblem,
  type ValidationIssue,
  validateDag,
} from '@sluice/dag';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { EnvironmentsService } from '../environments/environments.service.js';
import { RunDispatcher } from '../runs/run-dispatcher.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { RunsService, type RunView } from '../runs/runs.service.js';
import { ScheduleRegistry } from '../scheduler/schedule-registry.js';
import { JobSecretsStore } from '../secrets/job-secrets.store.js';
import { RequestInvalidException, type RequestIssue } from './http/zod-http.js';
import { JobsRepository, type StoredJob } from './jobs.repository.js';
import { pythonSyntaxProblems } from './python-syntax.js';
import { prepareRunParameters } from './run-parameters.js';

/** Timestamps stay `Date` here; JSON.stringify sends them as the contract's ISO strings. */
export type JobView = JobViewContract<Date>;

const isDuplicate = (error: unknown) => (error as { code?: string }).code === 'ER_DUP_ENTRY';

function issueView(issue: ValidationIssue): RequestIssue {
  return {
    path: formatPath(issue.path),
    message: issue.message,
    code: issue.code,
    severity: issue.severity,
    ...(issue.nodeId !== undefined && { nodeId: issue.nodeId }),
    ...(issue.edgeId !== undefined && { edgeId: issue.edgeId }),
  };
}

/** Takes `{apiVersion, kind: 'Job', job}` (the native document) or the job itself. */
function unwrap(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'apiVersion' in body && 'job' in body) {
    return (body as { job: unknown }).job;
  }
  return body;
}

/**
 * Jobs: validation at the edge with `@sluice/dag` (every issue back as a 400), immutable
 * versions, the live schedule switch, secrets, and manual runs. Every change to what is
 * scheduled goes through `syncSchedule`, the one place that registers BullMQ job schedulers
 * for API requests (the scheduler's boot reconcile is the other, for drift).
 */
@Injectable()
export class JobsService {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly repo: JobsRepository,
    private readonly secrets: JobSecretsStore,
    private readonly schedules: ScheduleRegistry,
    private readonly environments: EnvironmentsService,
    private readonly runs: RunsRepository,
    private readonly runsService: RunsService,
    private readonly dispatcher: RunDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates a request body into a job, or throws a 400 listing every issue. */
  private async validate(body: unknown, pathName?: string): Promise<{ job: Job; warnings: RequestIssue[] }> {
    const input = unwrap(body);
    const result = validateDag(input);
    const issues = result.issues.map(issueView);
    if (pathName !== undefined && result.job && result.job.name !== pathName) {
      issues.push({
        path: 'name',
        message: `the job in the body is named '${result.job.name}' but the URL names '${pathName}'; renaming is not supported, create a new job instead`,
        severity: 'error',
      });
    }
    // A job may be saved while its environment builds (or after a failed build), not without one.
    if (result.job && !(await this.environments.exists(result.job.environment))) {
      issues.push({
        path: 'environment',
        message: `environment '${result.job.environment}' does not exist; create it (POST /api/v1/environments) or pick another one`,
        severity: 'error',
      });
    }
    if (result.job) issues.push(...(await this.pythonSyntaxIssues(result.job)));
    const errors = issues.filter((i) => i.severity === 'error' || i.severity === undefined);
    if (errors.length > 0 || !result.job) {
      throw new RequestInvalidException(
        `the job is invalid: ${errors.length} problem${errors.length === 1 ? '' : 's'} (see issues)`,
        issues,
      );
    }
    return { job: result.job, warnings: issues.filter((i) => i.severity !== 'error') };
  }

  /** Syntax errors of the record steps, one issue each with the line; none when Python is missing. */
  private async pythonSyntaxIssues(job: Job): Promise<RequestIssue[]> {
    const steps = job.graph.nodes.flatMap((node, index) =>
      node.kind === 'python' && node.config.mode === 'record' && node.config.code.trim() !== ''
        ? [{ id: node.id, name: node.name, code: node.config.code, index }]
        : [],
    );
    const problems = await pythonSyntaxProblems(this.config.scheduler.python, steps);
    if (problems === undefined) {
      if (steps.length > 0) this.logger.warn('python syntax check skipped: the interpreter did not answer');
      return [];
    }
    return problems.flatMap((p) => {
      const step = steps.find((s) => s.id === p.id);
      if (!step) return [];
      const where = p.line > 0 ? `line ${p.line}${p.column > 0 ? `, column ${p.column}` : ''}: ` : '';
      return [
        {
          path: `graph.nodes[${step.index}].config.code`,
          message: `python '${step.name}' does not compile: ${where}${p.message}`,
          code: 'python.syntax-error',
          severity: 'error' as const,
          nodeId: step.id,
        },
      ];
    });
  }

  async create(body: unknown): Promise<JobView> {
    const { job, warnings } = await this.validate(body);
    let stored: StoredJob;
    try {
      stored = await this.repo.create(
        {
          name: job.name,
          kind: job.kind,
          environment: job.environment,
          scheduleEnabled: job.kind === 'scheduled' && job.schedule?.enabled === true,
        },
        { contentHash: contentHash(job), document: job },
      );
    } catch (error) {
      if (isDuplicate(error)) {
        throw new ConflictException(
          `job '${job.name}' already exists; save a new version with PUT /api/v1/jobs/${job.name}`,
        );
      }
      throw error;
    }
    await this.syncSchedule(stored);
    return { ...(await this.view(stored)), warnings };
  }

  /**
   * Saves a new version (none when the content is unchanged). The document's `schedule.enabled`
   * sets the live switch only when it differs from the previous version's, so that saving an
   * unrelated edit does not undo an enable/disable made with the buttons.
   */
  async update(name: string, body: unknown): Promise<JobView & { versionCreated: boolean }> {
    const current = await this.get(name);
    const { job, warnings } = await this.validate(body, name);
    if (job.kind !== current.kind) {
      throw new RequestInvalidException('the job is invalid: 1 problem (see issues)', [
        {
          path: 'kind',
          message: `a job cannot change kind (it is ${current.kind}); create a new job instead`,
          severity: 'error',
        },
      ]);
    }
    const previous = current.document as Job;
    const enabledInDocChanged = previous.schedule?.enabled !== job.schedule?.enabled;
    const scheduleChanged =
      previous.schedule?.cron !== job.schedule?.cron ||
      previous.schedule?.timezone !== job.schedule?.timezone;
    const { job: stored, created } = await this.repo.addVersion(
      current.id,
      { contentHash: contentHash(job), document: job, environment: job.environment },
      {
        ...(enabledInDocChanged && {
          scheduleEnabled: job.kind === 'scheduled' && job.schedule?.enabled === true,
        }),
        scheduleChanged,
      },
    );
    // Secrets of parameters that are gone or no longer secret must not linger.
    await this.secrets.retainOnly(
      stored.id,
      job.parameters.filter((p) => p.secret).map((p) => p.name),
    );
    await this.syncSchedule(stored);
    return { ...(await this.view(stored)), warnings, versionCreated: created };
  }

  async setEnabled(name: string, enabled: boolean): Promise<JobView> {
    const job = await this.get(name);
    if (job.kind !== 'scheduled') {
      throw new ConflictException(
        `job '${name}' is a ${job.kind} job; only scheduled jobs have a schedule to ${enabled ? 'enable' : 'disable'}`,
      );
    }
    await this.repo.setScheduleEnabled(job.id, enabled);
    const updated = (await this.repo.findById(job.id))!;
    await this.syncSchedule(updated);
    return this.view(updated);
  }

  /** Deletes a job with its versions, runs and secrets; cancels what is waiting or running first. */
  async delete(name: string): Promise<void> {
    const job = await this.get(name);
    await this.schedules.sync({ jobId: job.id, enabled: false });
    for (const run of await this.runs.activeRuns(job.id)) {
      await this.runsService.cancel(run.id).catch(() => undefined);
    }
    // Cancelled runs stop within seconds; deleting under a run still writing its last log lines
    // and node stats would only fill the server log with foreign-key errors.
    const deadline = Date.now() + 15_000;
    while ((await this.runs.activeRuns(job.id)).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    await this.repo.delete(job.id);
  }

  async get(name: string): Promise<StoredJob> {
    const job = await this.repo.findByName(name);
    if (!job) throw new NotFoundException(`job '${name}' does not exist`);
    return job;
  }

  async list(filter: {
    kind?: string;
    search?: string;
    limit: number;
    offset: number;
  }): Promise<JobList<Date>> {
    const { items, total } = await this.repo.list(filter);
    return { items: await Promise.all(items.map((job) => this.view(job, { withLastRun: true }))), total };
  }

  async view(
    stored: StoredJob,
    options: { withLastRun?: boolean } = { withLastRun: true },
  ): Promise<JobView> {
    const job = stored.document as Job;
    const status = await this.secrets.status(stored.id);
    const secrets: JobView['secrets'] = {};
    for (const p of job.parameters.filter((p) => p.secret))
      secrets[p.name] = status[p.name] ?? { set: false };
    let lastRun: RunView | null = null;
    if (options.withLastRun) {
      const [row] = await this.runs.list({ jobId: stored.id, limit: 1 });
      if (row) lastRun = this.runsService.view(row, stored.name);
    }
    let schedule: JobView['schedule'] = null;
    if (job.kind === 'scheduled' && job.schedule) {
      let times: Date[] = [];
      try {
        times = stored.scheduleEnabled ? nextFireTimes(job.schedule.cron, job.schedule.timezone, 3) : [];
      } catch {
        // validated on save; a zone dropped from the runtime's tz data shows as no upcoming times
      }
      schedule = {
        enabled: stored.scheduleEnabled,
        cron: job.schedule.cron,
        timezone: job.schedule.timezone,
        nextFireTimes: times,
      };
    }
    return {
      id: stored.id,
      name: stored.name,
      kind: stored.kind as Job['kind'],
      title: job.title,
      environment: job.environment,
      version: stored.version,
      contentHash: stored.contentHash,
      schedule,
      secrets,
      lastRun,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      job,
    };
  }

  async versions(name: string): Promise<JobVersionSummary<Date>[]> {
    const job = await this.get(name);
    return this.repo.versions(job.id);
  }

  async version(name: string, version: number): Promise<JobVersion<Date>> {
    const job = await this.get(name);
    const found = await this.repo.version(job.id, version);
    if (!found)
      throw new NotFoundException(`job '${name}' has no version ${version} (current: ${job.version})`);
    // Stored documents passed validation when they were saved.
    return { ...found, document: found.document as Job };
  }

  async diff(name: string, from: number, to: number): Promise<VersionDiff> {
    const [a, b] = await Promise.all([this.version(name, from), this.version(name, to)]);
    return { from, to, ...diffJobs(a.document, b.document) };
  }

  async secretStatus(name: string): Promise<JobView['secrets']> {
    return (await this.view(await this.get(name), { withLastRun: false })).secrets;
  }

  /** Stores (or with `null`, deletes) secret parameter values for scheduled runs. */
  async putSecrets(name: string, values: Record<string, string | null>): Promise<JobView['secrets']> {
    const stored = await this.get(name);
    const job = stored.document as Job;
    const secretNames = new Set(job.parameters.filter((p) => p.secret).map((p) => p.name));
    const issues: RequestIssue[] = Object.keys(values)
      .filter((key) => !secretNames.has(key))
      .map((key) => ({
        path: `values.${key}`,
        message: `'${key}' is not a secret parameter of job '${name}'${secretNames.size ? ` (secret parameters: ${[...secretNames].join(', ')})` : ' (it declares none)'}`,
      }));
    for (const [key, value] of Object.entries(values)) {
      const problem = value === null || !secretNames.has(key) ? undefined : secretValueProblem(value);
      if (problem) issues.push({ path: `values.${key}`, message: `secret '${key}' ${problem}` });
    }
    if (issues.length > 0)
      throw new RequestInvalidException('secret values are invalid (see issues)', issues);
    await this.secrets.put(stored.id, values);
    return this.secretStatus(name);
  }

  /**
   * Starts a manual run of the current (or a given) version. Refused with 409 when the job's
   * environment is not usable, so that the caller learns why now rather than from a failed run.
   */
  async runNow(
    name: string,
    input: { parameters: Record<string, unknown>; version?: number },
  ): Promise<RunView> {
    const stored = await this.get(name);
    if (stored.kind !== 'scheduled') {
      throw new ConflictException(
        `job '${name}' is a ${stored.kind} job; it runs on Flink, not as a batch run`,
      );
    }
    const versionNumber = input.version ?? stored.version;
    const job = (
      input.version === undefined ? stored.document : (await this.version(name, input.version)).document
    ) as Job;
    const problem = await this.environments.readiness(job.environment);
    if (problem) throw new ConflictException(`cannot run job '${name}': ${problem}`);
    const stored_ = await this.secrets.status(stored.id);
    const prepared = prepareRunParameters(job.parameters, input.parameters, new Set(Object.keys(stored_)));
    if (prepared.issues.length > 0)
      throw new RequestInvalidException('run parameters are invalid (see issues)', prepared.issues);
    const run = await this.runs.insert({
      jobId: stored.id,
      jobVersion: versionNumber,
      trigger: 'manual',
      scheduledFor: null,
      attempt: 1,
      retryOf: null,
      params: prepared.shown,
      secretParams: this.secrets.sealRunSecrets(stored.id, prepared.secrets),
    });
    await this.dispatcher.dispatchOrLeave(run);
    return this.runsService.get(run.id);
  }

  /** Registers, updates or removes the job's BullMQ job scheduler to match what is stored. */
  async syncSchedule(stored: StoredJob): Promise<void> {
    const job = stored.document as Job;
    try {
      await this.schedules.sync({
        jobId: stored.id,
        enabled: stored.kind === 'scheduled' && stored.scheduleEnabled && job.schedule !== undefined,
        cron: job.schedule?.cron,
        timezone: job.schedule?.timezone,
      });
    } catch (error) {
      // The job is saved; the boot/periodic reconcile registers it once Redis answers again.
      this.logger.error(`job '${stored.name}': cannot register its schedule: ${(error as Error).message}`);
    }
  }
}
