import { exampleJobs } from '@sluice/dag';
import { describe, expect, it } from 'vitest';
import { run } from './support.js';

describe('@sluice/dag example jobs', () => {
  it('runs the datagen demo as a scheduled batch run, exactly as the model stores it', async () => {
    const demo = exampleJobs().datagenDemo;
    const began = Date.now();
    const r = await run(demo, { printLimit: 1_000 });
    expect(r.outcome.error).toBeUndefined();
    const printed = r.logs
      .filter((l) => l.stream === 'print')
      .map((l) => JSON.parse(l.message.replace(/^sensor> \+I/, '')));
    expect(printed).toHaveLength(100);
    expect(printed.map((p) => p.sensor_id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    for (const p of printed) expect(p.hot).toBe(p.temperature > 80);
    // rows-per-second 50 is honoured: 100 rows take about two seconds.
    expect(Date.now() - began).toBeGreaterThanOrEqual(1_900);
  });
});
