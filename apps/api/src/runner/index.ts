/**
 * The batch runner: executes one job version end to end (see README.md). The run processor calls
 * `executeDag` and stores what it reports; nothing else in the API needs the modules below.
 */
export { batchConnectors } from './connectors/registry.js';
export { executeDag } from './dag-executor.js';
export { PythonStepHost, StepFailedError, type StepLogLine, type StepRecord } from './python-step-host.js';
export type {
  NodeStats,
  NodeStatus,
  RunContext,
  RunLogEvent,
  RunLogLevel,
  RunOutcome,
} from './run-context.js';
export type {
  RunnableColumn,
  RunnableEdge,
  RunnableJob,
  RunnableNode,
  RunnableParameter,
  RunnablePythonConfig,
  RunnableTableConfig,
} from './runnable-job.js';
