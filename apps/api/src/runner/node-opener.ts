import type { ConnectorContext, SinkWriter, SourceReader, TableSpec } from './connectors/connector.js';
import { NodeError } from './connectors/connector.js';
import { batchConnectors } from './connectors/registry.js';
import { nodeLabel, type PlannedNode } from './dag-plan.js';
import { PythonStepHost } from './python-step-host.js';
import type { RunContext } from './run-context.js';
import type { RunLogger } from './run-log.js';
import { type RunParams, redactOptions } from './run-params.js';
import { isTableConfig, primaryKeyOf, type RunnableJob, type RunnableNode } from './runnable-job.js';

/** A node ready to pump: a source reader, a running Python step, or a sink writer. */
export type Opened =
  | { kind: 'source'; reader: SourceReader }
  | { kind: 'python'; host: PythonStepHost }
  | { kind: 'sink'; writer: SinkWriter; committed: boolean };

export interface OpenContext {
  job: RunnableJob;
  params: RunParams;
  log: RunLogger;
  signal: AbortSignal;
  runtimeDir: string;
  stepTimeoutMs: number;
  pythonFor: () => Promise<string>;
  connectorContext: (node: RunnableNode) => ConnectorContext;
}

/** The environment's interpreter, looked up once per run however many python nodes there are. */
export function pythonForJob(
  job: RunnableJob,
  context: Pick<RunContext, 'pythonFor'>,
): () => Promise<string> {
  let path: Promise<string> | undefined;
  return () => {
    path ??= Promise.resolve().then(() => context.pythonFor(job.environment));
    return path;
  };
}

/**
 * Opens one node: resolves its `${param}` options (logged only redacted), then opens the
 * connector, which checks that its table/topic/path exists; or starts the python node's step
 * process in the job environment's interpreter. Errors name the node.
 */
export async function openNode(planned: PlannedNode, ctx: OpenContext): Promise<Opened> {
  const { node } = planned;
  const label = nodeLabel(node);
  const config = node.config;
  if (node.kind === 'python') {
    if (isTableConfig(config)) throw new NodeError(node.name, `${label}: has a table config instead of code`);
    if (config.mode !== 'record') {
      throw new NodeError(
        node.name,
        `${label}: mode \`${config.mode}\` runs only in real-time jobs; scheduled runs need \`record\` steps`,
      );
    }
    let python: string;
    try {
      python = await ctx.pythonFor();
    } catch (err) {
      throw new NodeError(
        node.name,
        `${label}: no Python for environment '${ctx.job.environment}': ${(err as Error).message}`,
      );
    }
    const host = await PythonStepHost.start({
      python,
      runtimeDir: ctx.runtimeDir,
      step: node.name,
      code: config.code,
      // The step is trusted code: it gets every parameter, secrets included (over stdin).
      params: { ...ctx.params.values },
      timeoutMs: ctx.stepTimeoutMs,
      onLog: (line) => ctx.log.step(node.name, line),
      signal: ctx.signal,
    });
    ctx.log.event('info', `started Python step (${python})`, { node: node.name });
    return { kind: 'python', host };
  }

  if (!isTableConfig(config)) throw new NodeError(node.name, `${label}: has code instead of a table config`);
  const connector = batchConnectors.get(config.connector);
  const open = node.kind === 'source' ? connector?.openSource : connector?.openSink;
  if (!connector || !open) {
    const usable = [...batchConnectors.values()]
      .filter((c) => (node.kind === 'source' ? c.openSource : c.openSink))
      .map((c) => c.name);
    throw new NodeError(
      node.name,
      `${label}: connector \`${config.connector}\` cannot be a ${node.kind} in a scheduled run (batch ${node.kind}s: ${usable.join(', ')})`,
    );
  }
  let resolved: ReturnType<RunParams['resolveOptions']>;
  try {
    resolved = ctx.params.resolveOptions(node.kind, node.name, config.options ?? {});
  } catch (err) {
    throw new NodeError(node.name, (err as Error).message);
  }
  const spec: TableSpec = {
    nodeId: node.id,
    name: node.name,
    kind: node.kind,
    connector: config.connector,
    options: resolved.options,
    columns: config.columns,
    primaryKey: primaryKeyOf(config),
  };
  ctx.log.event(
    'info',
    `opening ${config.connector} ${node.kind} with ${JSON.stringify(redactOptions(resolved.options, resolved.secretKeys))}`,
    { node: node.name },
  );
  const connectorCtx = ctx.connectorContext(node);
  if (node.kind === 'source' && connector.openSource) {
    return { kind: 'source', reader: await connector.openSource(spec, connectorCtx) };
  }
  if (node.kind === 'sink' && connector.openSink) {
    return { kind: 'sink', writer: await connector.openSink(spec, connectorCtx), committed: false };
  }
  throw new NodeError(node.name, `${label}: cannot be opened`);
}
