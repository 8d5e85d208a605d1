/**
 * `@sluice/flink`: the DAG -> PyFlink compiler and the Flink REST client. Browser-safe (no Node
 * APIs); submission with the PyFlink CLI lives in the Node-only entry `@sluice/flink/node`.
 */
export {
  type CompiledFile,
  type CompiledRealtimeJob,
  type CompileIssue,
  type CompileRealtimeOptions,
  compileRealtimeJob,
  optionParts,
  RealtimeCompileError,
  type RealtimeJobVersion,
} from './compile/compile-realtime-job.js';
export { pipelineName, realtimeFlinkConfig } from './compile/flink-config.js';
export * from './compile/job-plan.types.js';
export { pythonComment } from './compile/python-script.js';
export { parameterText } from './parameter-text.js';
export * from './rest/flink-rest.errors.js';
export * from './rest/flink-rest.types.js';
export {
  FlinkRestClient,
  type FlinkRestClientOptions,
  type RequestOptions,
} from './rest/flink-rest-client.js';
export { extractPythonTraceback, pythonExceptionLine } from './rest/python-traceback.js';
