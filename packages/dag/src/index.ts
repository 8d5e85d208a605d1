export * from './model/job.schema.js';
export * from './validate/issues.js';
export { validateDag, type ValidationResult } from './validate/validate-dag.js';
