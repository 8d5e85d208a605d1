import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { NodeRun, Run, RunTrigger } from '@sluice/api-contract';
import { fromJson, type NodeRunRow, type RunLogRow, type RunRow } from '../db/index.js';
import { LiveChannels } from '../scheduler/live-channels.js';
import { RunDispatcher } from './run-dispatcher.js';
import { type RunLiveMessage, runLogChannel } from './run-log.writer.js';
import { isTerminal, type RunStatus, SEED_STATUS } from './run-status.js';
import { type RunListFilter, RunsRepository } from './runs.repository.js';

/** Runs listen here for cancel requests from any API process. */
export const RUN_CANCEL_CHANNEL = 'run-cancel';

/** Timestamps stay `Date` here; JSON.stringify sends them as the contract's ISO strings. */
export type NodeRunView = NodeRun<Date>;
export type RunView = Run<Date>;

const diff = (a: Date | null, b: Date | null) => (a && b ? b.getTime() - a.getTime() : null);

function nodeView(row: NodeRunRow): NodeRunView {
  return {
    nodeId: row.node_id,
    name: row.name,
    // VARCHAR columns that only the runner writes, with these values.
    kind: row.kind as NodeRunView['kind'],
    status: row.status as NodeRunView['status'],
    recordsIn: Number(row.records_in),
    recordsOut: Number(row.records_out),
    batchesIn: Number(row.batches_in),
    batchesOut: Number(row.batches_out),
    busyMs: Number(row.busy_ms),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: diff(row.started_at, row.finished_at),
  };
}

/** Reading runs, their logs, and cancelling them. Creating runs is JobsService's and the scheduler's. */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly dispatcher: RunDispatcher,
    private readonly channels: LiveChannels,
  ) {}

  view(row: RunRow, jobName: string | null, nodes?: NodeRunRow[]): RunView {
    return {
      id: row.id,
      jobId: row.job_id,
      jobName,
      version: row.job_version,
      trigger: row.trigger_type as RunTrigger,
      scheduledFor: row.scheduled_for,
      attempt: row.attempt,
      retryOf: row.retry_of,
      status: row.status as RunStatus,
      seedStatus: SEED_STATUS[row.status as RunStatus] ?? row.status,
      params: fromJson<Record<string, unknown>>(row.params),
      error: row.error,
      errorNode: row.error_node,
      cancelRequested: row.cancel_requested === 1,
      worker: row.worker,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      waitMs: diff(row.scheduled_for ?? row.created_at, row.started_at),
      durationMs: diff(row.started_at, row.finished_at),
      logLines: row.log_lines,
      logDropped: row.log_dropped,
      ...(nodes && { nodes: nodes.map(nodeView) }),
    };
  }

  async list(filter: RunListFilter): Promise<RunView[]> {
    const rows = await this.runs.list(filter);
    const [names, nodes] = await Promise.all([
      this.runs.jobNames(rows.map((r) => r.job_id)),
      this.runs.nodeRuns(rows.map((r) => r.id)),
    ]);
    return rows.map((r) =>
      this.view(
        r,
        names.get(r.job_id) ?? null,
        nodes.filter((n) => n.run_id === r.id),
      ),
    );
  }

  async row(id: number): Promise<RunRow> {
    const row = await this.runs.findById(id);
    if (!row) throw new NotFoundException(`run ${id} does not exist`);
    return row;
  }

  async get(id: number): Promise<RunView> {
    const row = await this.row(id);
    const [names, nodes] = await Promise.all([
      this.runs.jobNames([row.job_id]),
      this.runs.nodeRuns([row.id]),
    ]);
    return this.view(row, names.get(row.job_id) ?? null, nodes);
  }

  /**
   * Cancels a run. A waiting run ends CANCELLED at once; a running one is told to stop (the
   * worker running it, in whatever process, hears it on the cancel channel and also checks the
   * flag with every heartbeat) and ends CANCELLED within seconds. 409 for a finished run.
   */
  async cancel(id: number): Promise<RunView> {
    const row = await this.row(id);
    if (isTerminal(row.status)) {
      throw new ConflictException(
        `run ${id} already ended (${row.status}); only waiting or running runs can be cancelled`,
      );
    }
    await this.runs.requestCancel(id);
    const now = new Date();
    if (
      await this.runs.transition(id, ['INIT', 'QUEUED'], 'CANCELLED', {
        finished_at: now,
        error: 'cancelled before it started',
      })
    ) {
      const job = await this.dispatcher.queueJob(id).catch(() => undefined);
      await job?.remove().catch(() => undefined);
      await this.channels
        .publish(runLogChannel(id), { type: 'end', status: 'CANCELLED' } satisfies RunLiveMessage)
        .catch(() => undefined);
    } else {
      await this.channels.publish(RUN_CANCEL_CHANNEL, { runId: id });
    }
    return this.get(id);
  }

  logs(runId: number, afterSeq: number, limit: number): Promise<RunLogRow[]> {
    return this.runs.logs(runId, afterSeq, limit);
  }
}
