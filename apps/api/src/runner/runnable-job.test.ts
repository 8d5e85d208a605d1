import type { Job } from '@sluice/dag';
import { describe, expectTypeOf, it } from 'vitest';
import type { RunnableJob } from './runnable-job.js';

describe('RunnableJob', () => {
  it('is satisfied by the DAG model job, so the run processor passes a stored version as it is', () => {
    expectTypeOf<Job>().toExtend<RunnableJob>();
  });
});
