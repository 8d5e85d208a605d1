import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { tickTimeOf } from './dag-tick.processor.js';

const job = (fields: Partial<Job>) => ({ opts: {}, timestamp: 0, ...fields }) as unknown as Job;

describe('tickTimeOf', () => {
  it('reads the fire time BullMQ stores on a scheduler job', () => {
    expect(tickTimeOf(job({ opts: { prevMillis: 1_735_725_600_000 } as Job['opts'] }))).toEqual(
      new Date('2025-01-01T10:00:00Z'),
    );
  });

  it('falls back to the fire time in the job id (repeat:<scheduler>:<millis>)', () => {
    expect(tickTimeOf(job({ id: 'repeat:job-7:1735725660000' }))).toEqual(new Date('2025-01-01T10:01:00Z'));
  });
});
