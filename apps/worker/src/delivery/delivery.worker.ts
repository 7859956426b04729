import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { DeliverMessageJob, deliveryBackoffDelay, JOBS, QUEUES, redisConnection } from '@app/queue';
import { rootLogger } from '@app/common';
import { DeliverMessage } from '@app/letters';

/** How long start-up waits for Postgres and Redis before giving up (the process then exits). */
const READY_TIMEOUT_MS = 60_000;

/**
 * Hosts the BullMQ worker of the delivery queue. A plain Worker (rather than @nestjs/bullmq's
 * decorator) because concurrency, lockDuration and the backoff strategy come from validated
 * config at run time, and start-up must wait until the database and Redis answer.
 *
 * Shutdown (SIGTERM → app.close()): onModuleDestroy runs before the database pool and the SMTP
 * transport close, and `worker.close()` waits for every in-flight job to finish.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'DeliveryWorker' });
  private worker?: Worker<DeliverMessageJob>;
  private connection?: IORedis;

  constructor(
    private readonly deliver: DeliverMessage,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = (this.connection = redisConnection(this.cfg.REDIS_URL, 'worker'));
    // Dozens of concurrent jobs each finish with a script call: one socket write per event-loop
    // turn instead of one per job (syscalls, not Redis, are the worker's bottleneck).
    connection.options.enableAutoPipelining = true;
    await this.waitUntilReady(connection);
    this.worker = new Worker<DeliverMessageJob>(QUEUES.delivery, (job, token) => this.process(job, token), {
      connection,
      prefix: this.cfg.REDIS_PREFIX,
      autorun: false,
      concurrency: this.cfg.WORKER_CONCURRENCY,
      lockDuration: this.cfg.WORKER_LOCK_MS,
      // Jobs of a killed worker are found when their lock expires; look at least that often.
      stalledInterval: Math.min(30000, Math.ceil(this.cfg.WORKER_LOCK_MS / 2)),
      // A worker killed mid-job leaves it "stalled"; BullMQ's default fails it after one stall,
      // which would strand the row. Let it be picked up again a few times (the row is idempotent).
      maxStalledCount: 5,
      settings: { backoffStrategy: (attemptsMade: number) => deliveryBackoffDelay(attemptsMade, this.cfg.DELIVERY_BACKOFF_MS) },
    });
    this.worker.on('error', (err) => this.log.warn({ err: err.message }, 'delivery worker error'));
    this.worker.run().catch((err) => this.log.error({ err: (err as Error).message }, 'delivery worker stopped'));
    this.log.info({ concurrency: this.cfg.WORKER_CONCURRENCY, lockMs: this.cfg.WORKER_LOCK_MS }, 'delivery worker started');
  }

  private process(job: Job<DeliverMessageJob>, token?: string) {
    if (job.name !== JOBS.deliverMessage) throw new UnrecoverableError(`unknown job ${job.name}`);
    return this.deliver.execute(job, token);
  }

  private async waitUntilReady(connection: IORedis): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ds.query('SELECT 1');
        await connection.ping();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`database or Redis not ready after ${READY_TIMEOUT_MS / 1000}s: ${(err as Error).message}`);
        if (attempt % 10 === 0) this.log.warn({ err: (err as Error).message }, 'waiting for the database and Redis');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Stops taking jobs and waits for the in-flight ones; none is lost or left half-done. */
  async onModuleDestroy(): Promise<void> {
    if (this.worker) await this.worker.close();
    if (this.connection) await this.connection.quit().catch(() => this.connection?.disconnect());
  }
}
