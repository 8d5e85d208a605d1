import { z } from 'zod';
import type { FlinkRestClient } from '../../clients/index.js';
import type { Check } from '../run-check.js';

// Only the fields the report shows; the schema catches a different server answering on the port.
const overviewSchema = z.object({
  taskmanagers: z.number(),
  'slots-total': z.number(),
  'slots-available': z.number(),
  'jobs-running': z.number(),
  'flink-version': z.string().optional(),
});
const configSchema = z.object({ 'flink-version': z.string().optional() });

/** `GET /overview` (task managers, slots, jobs) and `GET /config` (version) of the JobManager. */
export function flinkCheck(flink: FlinkRestClient, timeoutMs: number): Check {
  return async (signal) => {
    const [overviewBody, configBody] = await Promise.all([
      flink.get<unknown>('/overview', { signal, timeoutMs }),
      flink.get<unknown>('/config', { signal, timeoutMs }),
    ]);
    const overview = overviewSchema.safeParse(overviewBody);
    if (!overview.success) {
      throw new Error(`${flink.restUrl}/overview does not look like the Flink REST API`);
    }
    const config = configSchema.safeParse(configBody);
    const o = overview.data;
    const warnings: string[] = [];
    if (o.taskmanagers === 0) warnings.push('no TaskManager is registered: jobs cannot run');
    return {
      version: (config.success ? config.data['flink-version'] : undefined) ?? o['flink-version'],
      detail: {
        taskmanagers: o.taskmanagers,
        slotsTotal: o['slots-total'],
        slotsAvailable: o['slots-available'],
        jobsRunning: o['jobs-running'],
        dashboardUrl: flink.dashboardUrl,
      },
      warnings,
    };
  };
}
