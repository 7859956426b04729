import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { MaintenanceJob, QUEUES, upsertSchedules } from '@app/queue';
import { rootLogger } from '@app/common';
import { WorkerConnection } from './worker-connection';

/**
 * Keeps the job scheduler of every periodic task in Redis (libs/queue periodicJobs). Upserting is
 * idempotent, so every worker does it: at start, whenever its Redis connection comes back (a
 * restarted Redis may have lost its data), and when the delivery processor sees its queue drained
 * or a job vanish (a FLUSHALL). The outbox sweep it keeps is what recovers lost jobs, so it must
 * come back with them. Runs over the worker connection, which waits for Redis instead of failing.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'Schedules' });
  private readonly queue: Queue<MaintenanceJob>;
  private running?: Promise<void>;
  private stopped = false;
  private readonly onReady = () => this.keep();

  constructor(
    private readonly connection: WorkerConnection,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    this.queue = new Queue(QUEUES.maintenance, { connection: connection.redis, prefix: cfg.REDIS_PREFIX });
    this.queue.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    this.connection.redis.on('ready', this.onReady);
    this.keep();
  }

  /** Upserts every schedule, one call at a time; not awaited by callers (Redis may be down). */
  keep(): void {
    if (this.running || this.stopped) return;
    this.running = upsertSchedules(this.queue, this.cfg)
      .catch((err: Error) => this.log.warn({ err: err.message }, 'could not write the job schedules; will retry when Redis is back'))
      .finally(() => (this.running = undefined));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.connection.redis.off('ready', this.onReady);
    // With Redis down, close() waits for a connection that never comes: bound it.
    await Promise.race([this.queue.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}
