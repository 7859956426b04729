import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { DeliverMessageJob, JobHandler, JobRegistry, JOBS, QUEUES } from '@app/queue';
import { DeliverMessage } from '@app/letters';
import { rootLogger } from '@app/common';
import { WorkerConnection } from './worker-connection';
import { Schedules } from './schedules';

/**
 * Processor of the delivery queue: hands each job to the letters lib's DeliverMessage use case.
 * Its worker options (concurrency, lock, stall checks, backoff) come from config: see
 * processors.module.ts. It takes jobs only once Postgres and Redis answer.
 *
 * Shutdown (SIGTERM → app.close()): onModuleDestroy runs before the database pool and the SMTP
 * transport close (onApplicationShutdown), and `worker.close()` waits for every in-flight job.
 */
@Injectable()
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'DeliveryProcessor' });

  constructor(
    private readonly registry: JobRegistry,
    private readonly deliver: DeliverMessage,
    private readonly connection: WorkerConnection,
    private readonly schedules: Schedules,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    return this.registry.run(QUEUES.delivery, job, token);
  }

  @JobHandler(JOBS.deliverMessage)
  deliverMessage(job: Job<DeliverMessageJob>, token?: string) {
    return this.deliver.execute(job, token);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connection.untilReady();
    this.worker.run().catch((err) => this.log.error({ err: (err as Error).message }, 'delivery worker stopped'));
    this.log.info({ concurrency: this.cfg.WORKER_CONCURRENCY, lockMs: this.cfg.WORKER_LOCK_MS }, 'delivery worker started');
  }

  /** An emptied queue may be a flushed Redis: make sure the outbox sweep is still scheduled. */
  @OnWorkerEvent('drained')
  onDrained(): void {
    this.schedules.keep();
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn({ err: err.message }, 'delivery worker error');
    // A job whose keys vanished under it (Redis lost its data): its schedules went too.
    if (/Missing key|Missing lock/.test(err.message)) this.schedules.keep();
  }

  /** Stops taking jobs and waits for the in-flight ones; none is lost or left half-done. */
  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}
