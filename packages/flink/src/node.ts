/**
 * Node-only part of `@sluice/flink`: submitting compiled jobs with the PyFlink CLI.
 */
export { type ProcessResult, ProcessStartError, runProcess } from './node/run-process.js';
export {
  DEFAULT_RUNTIME_DIR,
  FlinkSubmitError,
  FlinkVersionMismatchError,
  PARAMS_FILE_ENV,
  type SubmitRealtimeJobOptions,
  type SubmittedRealtimeJob,
  submitRealtimeJob,
} from './node/submit-realtime-job.js';
