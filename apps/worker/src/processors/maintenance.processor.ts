import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobHandler, JobRegistry, JOBS, QUEUES } from '@app/queue';
import { OutboxService } from '@app/letters';
import { RetentionService } from '@app/abuse';
import { CampaignAdminService } from '@app/campaigns';
import { SessionsService } from '@app/staff';
import { rootLogger } from '@app/common';
import { WorkerConnection } from './worker-connection';

/**
 * Processor of the maintenance queue: the periodic tasks, each a job scheduler (see Schedules).
 * Every task is idempotent and safe when two workers overlap (closing due actions takes an
 * advisory lock; the sweep's job ids are deterministic).
 */
@Injectable()
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'MaintenanceProcessor' });

  constructor(
    private readonly registry: JobRegistry,
    private readonly connection: WorkerConnection,
    private readonly outbox: OutboxService,
    private readonly retention: RetentionService,
    private readonly campaigns: CampaignAdminService,
    private readonly sessions: SessionsService,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    return this.registry.run(QUEUES.maintenance, job, token);
  }

  /** Re-enqueues outbox rows whose job was lost (Redis flushed, enqueue failed after commit). */
  @JobHandler(JOBS.sweepOutbox)
  sweepOutbox() {
    return this.outbox.sweep();
  }

  @JobHandler(JOBS.applyRetention)
  async applyRetention() {
    return { cleared: await this.retention.apply() };
  }

  /** Submissions are refused after closes_at already; this updates the status shown. */
  @JobHandler(JOBS.closeDueActions)
  async closeDueActions() {
    return { closed: await this.campaigns.closeDue() };
  }

  @JobHandler(JOBS.purgeStaffSessions)
  async purgeStaffSessions() {
    return { purged: await this.sessions.purgeExpired() };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connection.untilReady();
    this.worker.run().catch((err) => this.log.error({ err: (err as Error).message }, 'maintenance worker stopped'));
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.log.warn({ job: job?.name, err: err.message }, 'maintenance job failed; its schedule runs it again');
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.log.warn({ err: err.message }, 'maintenance worker error');
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}
