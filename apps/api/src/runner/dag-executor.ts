import { performance } from 'node:perf_hooks';
import { AsyncQueue } from './async-queue.js';
import { NodeError } from './connectors/connector.js';
import { nodeLabel, type PlannedNode, planRun, type RunPlan } from './dag-plan.js';
import { type OpenContext, type Opened, openNode, pythonForJob } from './node-opener.js';
import { StepFailedError, type StepRecord } from './python-step-host.js';
import type { RunContext, RunOutcome } from './run-context.js';
import { RunLogger } from './run-log.js';
import { RunParams, SecretRedactor } from './run-params.js';
import type { RunnableJob, RunnableNode } from './runnable-job.js';
import { StatsBoard } from './stats-board.js';

/**
 * Batches a node may have waiting in its inbox. Two lets a source read the next batch while the
 * step works on the current one (source, Python and sink overlap), and bounds memory to about
 * (nodes x 2 x batchSize) records whatever the data volume.
 */
const INBOX_BATCHES = 2;
/** Longest a close/abort during cleanup may take before the runner stops waiting for it. */
const CLEANUP_TIMEOUT_MS = 10_000;

interface Failure {
  message: string;
  nodeId?: string;
  node?: string;
  traceback?: string;
}

class RunAborted extends Error {
  override name = 'RunAborted';
}

function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

function cancelReason(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return reason.message;
  if (typeof reason === 'string' && reason !== '') return reason;
  return 'run cancelled';
}

/**
 * Runs one job version end to end as a batch: opens every node in topological order (sources,
 * one long-lived Python process per python node, sinks), pumps batches from each source through
 * its children (a batch goes to every child; a node with several parents takes batches from all),
 * awaiting each hop so that a slow node slows its sources instead of filling memory, then commits
 * sinks and, once all sinks committed, sources (Kafka offsets).
 *
 * It resolves with the outcome; it does not throw for failures of the run itself. A failing node
 * fails the run with a message naming it (a Python traceback stays attached) and every other
 * resource is released. Aborting `context.signal` (cancel, or the caller's run timeout) stops the
 * run within seconds: sources stop reading, Python processes are killed, sinks abort.
 *
 * @example
 * const outcome = await executeDag(job, {
 *   runId: 'run-42', params: { db_pass: 's3cret' }, runtimeDir, pythonFor: () => '/venvs/default/bin/python',
 *   log: (e) => console.log(e.level, e.node ?? '-', e.message), signal: AbortSignal.timeout(3_600_000),
 * });
 * if (outcome.status !== 'succeeded') console.error(outcome.error?.message);
 */
export async function executeDag(job: RunnableJob, context: RunContext): Promise<RunOutcome> {
  const startedAt = new Date();
  const batchSize = Math.max(1, Math.floor(context.batchSize ?? 1000));
  const params = new RunParams(job.parameters ?? [], context.params);
  const redactor = new SecretRedactor(params.secretValues());
  const log = new RunLogger(context.log, redactor, context.stepLogLimit ?? 10_000);
  const redact = (text: string) => redactor.redact(text);

  let plan: RunPlan;
  try {
    plan = planRun(job);
  } catch (err) {
    const message = `job '${job.name}' cannot run: ${(err as Error).message}`;
    log.event('error', message);
    return { status: 'failed', startedAt, finishedAt: new Date(), nodes: [], error: { message } };
  }

  const board = new StatsBoard(plan.order);
  const run = new AbortController();
  const opened = new Map<string, Opened>();
  const inbox = new Map<string, AsyncQueue<StepRecord[]>>();
  let failure: Failure | undefined;
  let cancelled: string | undefined;

  const emitStats = () => {
    try {
      context.onNodeStats?.(board.snapshot());
    } catch {
      // A failing progress callback must not fail the run.
    }
  };

  const fail = (planned: PlannedNode | undefined, err: unknown) => {
    if (failure || cancelled) return; // the first cause is the run's cause; later errors are fallout
    failure = describeFailure(planned?.node, err, plan, redact);
    const preview =
      err instanceof StepFailedError && err.recordPreview ? `\nrecord: ${err.recordPreview}` : '';
    log.event('error', failure.message + preview, { node: failure.node, traceback: failure.traceback });
    run.abort(new RunAborted(failure.message));
  };

  const onCancel = () => {
    if (failure || cancelled) return;
    cancelled = cancelReason(context.signal?.reason);
    log.event('warn', `cancelling: ${cancelled}`);
    run.abort(new RunAborted(cancelled));
  };

  // Tear down at once on abort, so that nodes blocked in I/O or in Python wake up within seconds.
  run.signal.addEventListener('abort', () => {
    for (const queue of inbox.values()) queue.fail(run.signal.reason);
    for (const o of opened.values()) {
      if (o.kind === 'source') void o.reader.close().catch(() => {});
      else if (o.kind === 'python') o.host.kill();
      else if (!o.committed) void o.writer.abort().catch(() => {});
    }
  });
  context.signal?.addEventListener('abort', onCancel, { once: true });
  if (context.signal?.aborted) onCancel();

  const statsTimer = setInterval(emitStats, context.statsIntervalMs ?? 1_000);
  statsTimer.unref();

  const opening: OpenContext = {
    job,
    params,
    log,
    signal: run.signal,
    runtimeDir: context.runtimeDir,
    stepTimeoutMs: context.stepTimeoutMs ?? 300_000,
    pythonFor: pythonForJob(job, context),
    connectorContext: (node) => ({
      runId: context.runId,
      jobName: job.name,
      signal: run.signal,
      batchSize,
      log: (level, message, stream) =>
        log.event(level, message, { node: node.name, stream: stream ?? 'runner' }),
      printLimit: context.printLimit ?? 1_000,
      filesystemRoots: context.filesystemRoots,
      kafkaClientId: context.kafkaClientId ?? 'sluice-runner',
    }),
  };

  const fanOut = async (planned: PlannedNode, batch: StepRecord[]) => {
    if (planned.children.length === 1) {
      await (inbox.get(planned.children[0] as string) as AsyncQueue<StepRecord[]>).push(batch);
      return;
    }
    // Children only read a batch, so all of them can share it.
    await Promise.all(planned.children.map((c) => (inbox.get(c) as AsyncQueue<StepRecord[]>).push(batch)));
  };
  const endChildren = (planned: PlannedNode) => {
    for (const c of planned.children) inbox.get(c)?.end();
  };

  const pumpNode = async (planned: PlannedNode) => {
    const { node } = planned;
    const stats = board.start(node.id);
    const resource = opened.get(node.id);
    if (!resource) throw new Error(`${nodeLabel(node)} was not opened`);
    if (resource.kind === 'source') {
      const batches = resource.reader.batches()[Symbol.asyncIterator]();
      for (;;) {
        const t0 = performance.now();
        const next = await batches.next();
        stats.busyMs += performance.now() - t0;
        if (run.signal.aborted) return; // settled as cancelled at the end
        if (next.done) break;
        stats.recordsOut += next.value.length;
        stats.batchesOut++;
        await fanOut(planned, next.value);
      }
      endChildren(planned);
      board.finish(node.id, 'succeeded');
      return;
    }
    const queue = inbox.get(node.id) as AsyncQueue<StepRecord[]>;
    for (;;) {
      const batch = await queue.next();
      if (batch === undefined) break;
      stats.recordsIn += batch.length;
      stats.batchesIn++;
      const t0 = performance.now();
      if (resource.kind === 'python') {
        const out = await resource.host.process(batch);
        stats.busyMs += performance.now() - t0;
        if (out.length > 0) {
          stats.recordsOut += out.length;
          stats.batchesOut++;
          await fanOut(planned, out);
        }
      } else {
        await resource.writer.write(batch);
        stats.busyMs += performance.now() - t0;
        stats.recordsOut += batch.length;
        stats.batchesOut++;
      }
    }
    if (resource.kind === 'python') {
      // The step's close(ctx) runs once all input is through; its failure fails the run.
      const t0 = performance.now();
      await resource.host.close();
      stats.busyMs += performance.now() - t0;
      endChildren(planned);
      board.finish(node.id, 'succeeded');
    }
    // Sinks stay running until they commit.
  };

  try {
    log.event(
      'info',
      `run ${context.runId} of job '${job.name}' started: ${plan.order.map((p) => nodeLabel(p.node)).join(' -> ')} (batches of ${batchSize})`,
    );
    for (const planned of plan.order) {
      if (run.signal.aborted) break;
      try {
        opened.set(planned.node.id, await openNode(planned, opening));
      } catch (err) {
        fail(planned, err);
      }
    }
    if (!run.signal.aborted) {
      for (const planned of plan.order) {
        if (planned.node.kind !== 'source')
          inbox.set(planned.node.id, new AsyncQueue(INBOX_BATCHES, planned.parents.length));
      }
      await Promise.all(
        plan.order.map((planned) => pumpNode(planned).catch((err: unknown) => fail(planned, err))),
      );
    }
    if (!run.signal.aborted) {
      for (const planned of plan.order) {
        const o = opened.get(planned.node.id);
        if (o?.kind !== 'sink') continue;
        try {
          const t0 = performance.now();
          await o.writer.commit();
          board.get(planned.node.id).busyMs += performance.now() - t0;
          o.committed = true;
          board.finish(planned.node.id, 'succeeded');
        } catch (err) {
          fail(planned, err);
          break;
        }
      }
    }
    if (!run.signal.aborted) {
      // Only now is the output final: acknowledge what was read (Kafka offsets).
      for (const planned of plan.order) {
        const o = opened.get(planned.node.id);
        if (o?.kind !== 'source' || !o.reader.commit) continue;
        try {
          await o.reader.commit();
        } catch (err) {
          fail(planned, err);
          break;
        }
      }
    }
  } catch (err) {
    fail(undefined, err);
  } finally {
    clearInterval(statsTimer);
    context.signal?.removeEventListener('abort', onCancel);
    const cleanup: Promise<unknown>[] = [];
    for (const o of opened.values()) {
      if (o.kind === 'source') cleanup.push(o.reader.close());
      else if (o.kind === 'python') o.host.kill();
      else if (!o.committed) cleanup.push(o.writer.abort());
    }
    await Promise.all(cleanup.map((c) => settleWithin(c, CLEANUP_TIMEOUT_MS)));
  }

  const finishedAt = new Date();
  board.settle(failure?.nodeId);
  emitStats();
  log.finish();
  const status = failure ? 'failed' : cancelled ? 'cancelled' : 'succeeded';
  const nodes = board.snapshot();
  const seconds = ((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(2);
  const written = nodes.filter((n) => n.kind === 'sink').reduce((sum, n) => sum + n.recordsOut, 0);
  log.event(
    status === 'succeeded' ? 'info' : 'error',
    `run ${status} after ${seconds}s (${written} records to sinks)`,
  );
  const outcome: RunOutcome = { status, startedAt, finishedAt, nodes };
  if (failure) {
    outcome.error = { message: failure.message };
    if (failure.node !== undefined) outcome.error.node = failure.node;
    if (failure.traceback) outcome.error.traceback = failure.traceback;
  } else if (cancelled) {
    outcome.error = { message: cancelled };
  }
  return outcome;
}

/** The run's error: the message names the node; Python tracebacks are kept; secrets are scrubbed. */
function describeFailure(
  node: RunnableNode | undefined,
  err: unknown,
  plan: RunPlan,
  redact: (text: string) => string,
): Failure {
  const idOf = (name: string) => plan.order.find((p) => p.node.name === name)?.node.id;
  if (err instanceof StepFailedError) {
    const failure: Failure = { message: redact(err.message), node: err.step, nodeId: idOf(err.step) };
    if (err.traceback) failure.traceback = redact(err.traceback);
    return failure;
  }
  if (err instanceof NodeError)
    return { message: redact(err.message), node: err.node, nodeId: idOf(err.node) };
  const text = err instanceof Error ? err.message : String(err);
  if (!node) return { message: redact(`runner error: ${text}`) };
  const label = nodeLabel(node);
  return {
    message: redact(text.startsWith(label) ? text : `${label}: ${text}`),
    node: node.name,
    nodeId: node.id,
  };
}
