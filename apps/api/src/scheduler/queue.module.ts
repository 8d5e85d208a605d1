import { Global, Module } from '@nestjs/common';
import { LiveChannels } from './live-channels.js';
import { QueueRegistry } from './queue-registry.js';
import { ScheduleRegistry } from './schedule-registry.js';

/**
 * Queue plumbing every feature uses: the catalog's BullMQ queues, the job-scheduler registry and
 * live pub/sub channels. Separate from SchedulerModule (processors, boot reconcile) so that the
 * jobs and environments modules can enqueue without depending on the processors that depend on them.
 */
@Global()
@Module({
  providers: [QueueRegistry, LiveChannels, ScheduleRegistry],
  exports: [QueueRegistry, LiveChannels, ScheduleRegistry],
})
export class QueueModule {}
