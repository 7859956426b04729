import { DynamicModule, Module } from '@nestjs/common';
import { BullModule, Processor } from '@nestjs/bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import type IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { deliveryBackoffDelay, JobRegistryModule, QueueName, QUEUES } from '@app/queue';
import { LetterDeliveryModule } from '@app/letters';
import { AbuseModule } from '@app/abuse';
import { CampaignAdminModule } from '@app/campaigns';
import { AuditModule, AuditService, StaffModule } from '@app/staff';
import { DeliveryProcessor } from './delivery.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { Schedules } from './schedules';
import { WORKER_REDIS, WorkerConnectionModule } from './worker-connection';

/** Worker options a processor sets (the connection is the shared one). */
type ProcessorOptions = Omit<WorkerOptions, 'connection'>;

/** The delivery worker's options, all from validated config. Started by the processor once ready. */
export function deliveryWorkerOptions(cfg: RallyConfig): ProcessorOptions {
  return {
    autorun: false,
    concurrency: cfg.WORKER_CONCURRENCY,
    lockDuration: cfg.WORKER_LOCK_MS,
    // Jobs of a killed worker are found when their lock expires; look at least that often.
    stalledInterval: Math.min(30000, Math.ceil(cfg.WORKER_LOCK_MS / 2)),
    // A worker killed mid-job leaves it "stalled"; BullMQ's default fails it after one stall,
    // which would strand the row. Let it be picked up again a few times (the row is idempotent).
    maxStalledCount: 5,
    // Jobs carry backoff type 'delivery' (libs/queue): the delay is this worker's setting.
    settings: { backoffStrategy: (attemptsMade: number) => deliveryBackoffDelay(attemptsMade, cfg.DELIVERY_BACKOFF_MS) },
  };
}

/** Periodic tasks one at a time; a long retention run may hold the lock for minutes. */
export const MAINTENANCE_WORKER_OPTIONS: ProcessorOptions = { autorun: false, concurrency: 1, lockDuration: 5 * 60_000 };

/**
 * @Processor's options are fixed when a class is decorated, and these come from the config the
 * app was built with (tests build several apps in one process): decorate a subclass per app.
 */
function processorWith<T extends new (...args: any[]) => { process(job: Job, token?: string): Promise<unknown> }>(host: T, queue: QueueName, options: ProcessorOptions): T {
  const configured = class extends host {};
  Object.defineProperty(configured, 'name', { value: host.name });
  Processor(queue, options)(configured);
  return configured;
}

/**
 * The worker's processors (@nestjs/bullmq WorkerHost classes that delegate to lib services),
 * the job registry they dispatch through, and the job schedules. Only the worker imports this.
 */
@Module({})
export class ProcessorsModule {
  static forRoot(config: RallyConfig): DynamicModule {
    return {
      module: ProcessorsModule,
      imports: [
        // The lib services the processors delegate to.
        AbuseModule,
        LetterDeliveryModule,
        StaffModule,
        // Closing due actions writes the audit log as the system actor, as the API's edits do.
        CampaignAdminModule.withAudit({ imports: [AuditModule], useExisting: AuditService }),
        WorkerConnectionModule,
        JobRegistryModule,
        // Workers share the worker connection (auto-pipelined, retries until Redis answers).
        BullModule.forRootAsync({
          imports: [WorkerConnectionModule],
          inject: [RALLY_CONFIG, WORKER_REDIS],
          useFactory: (cfg: RallyConfig, connection: IORedis) => ({ connection, prefix: cfg.REDIS_PREFIX }),
        }),
        // No queue: producers use QueueService. This brings in the explorer that starts processors.
        BullModule.registerQueue(),
      ],
      providers: [
        processorWith(DeliveryProcessor, QUEUES.delivery, deliveryWorkerOptions(config)),
        processorWith(MaintenanceProcessor, QUEUES.maintenance, MAINTENANCE_WORKER_OPTIONS),
        Schedules,
      ],
    };
  }
}
