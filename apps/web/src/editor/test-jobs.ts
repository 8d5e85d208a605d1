/** Jobs for unit tests: small, valid, and built from the same examples users start from. */
import { exampleJobs, type Job } from '@sluice/dag';

/** `readings (datagen) -> tag_hot (python) -> hot_readings (print)`, scheduled. */
export function demoJob(): Job {
  return exampleJobs().datagenDemo;
}
