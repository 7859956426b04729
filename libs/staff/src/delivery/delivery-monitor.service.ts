import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, scrub, isUuid, isRowId } from '@app/common';
import { QueueService } from '@app/queue';
import { OutboxService } from '@app/letters';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../roles';

export interface DeliveryCounts {
  actionId: string;
  awaitingConfirmation: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  cancelled: number;
}

export interface FailedLetter {
  id: string;
  targetName: string | null;
  chamber: string | null;
  channel: string;
  attempts: number;
  reason: string | null;
  failedAt: Date;
}

const STATUS_KEYS: Record<string, keyof Omit<DeliveryCounts, 'actionId'>> = {
  awaiting_confirmation: 'awaitingConfirmation',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * What staff see of delivery: letters per status, failed letters with the reason, retries, and
 * the queues' job counts. Nothing about supporters is shown: a failed letter is identified by its
 * id and the target's name, and reasons have email addresses masked.
 */
@Injectable()
export class DeliveryMonitorService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queue: QueueService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async counts(actionId?: string): Promise<DeliveryCounts[]> {
    if (actionId !== undefined) await this.assertAction(actionId);
    const rows = await this.outbox.letterCounts(actionId);
    const byAction = new Map<string, DeliveryCounts>();
    if (actionId) byAction.set(actionId, empty(actionId));
    for (const r of rows) {
      const c = byAction.get(r.action_id) ?? empty(r.action_id);
      const key = STATUS_KEYS[r.status];
      if (key) c[key] = r.n;
      byAction.set(r.action_id, c);
    }
    return [...byAction.values()];
  }

  async failed(actionId: string, opts: { limit?: number; before?: string } = {}): Promise<FailedLetter[]> {
    await this.assertAction(actionId);
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    const before = opts.before && isRowId(opts.before) ? opts.before : null;
    const rows = await this.outbox.failedLetters(actionId, before, limit);
    return rows.map((r: Record<string, any>) => ({
      id: String(r.id),
      targetName: r.target_name,
      chamber: r.chamber,
      channel: r.channel,
      attempts: r.attempts,
      reason: r.last_error ? scrub(String(r.last_error)).slice(0, 500) : null,
      failedAt: r.updated_at,
    }));
  }

  /** Re-queues every failed message of an action (letters and the supporter emails). */
  async retryFailedForAction(actionId: string, actor: StaffActor): Promise<{ requeued: number }> {
    await this.assertAction(actionId);
    return this.retry(actor, { actionId });
  }

  /** Re-queues one failed message; 404 if it does not exist, 409 if it has not failed. */
  async retryMessage(messageId: string, actor: StaffActor): Promise<{ requeued: number }> {
    if (!isRowId(messageId)) throw new NotFoundError(`No message has the id "${messageId}".`);
    if ((await this.outbox.status(messageId)) === undefined) throw new NotFoundError(`No message has the id "${messageId}".`);
    return this.retry(actor, { messageId });
  }

  /** Job counts per queue, for a glance at backlog and failures. */
  async queues(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const q of [this.queue.delivery, this.queue.maintenance]) {
      out[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
    }
    return out;
  }

  /**
   * The outbox owns the state change (failed → queued with fresh attempts, old job removed,
   * new job added); this adds the audit entry. A message that was not failed is left alone.
   */
  private async retry(actor: StaffActor, target: { actionId?: string; messageId?: string }): Promise<{ requeued: number }> {
    const ids = await this.outbox.retryFailed(target.actionId ? { actionId: target.actionId } : { ids: [target.messageId!] });
    if (target.messageId && !ids.length) throw new ConflictError('Only a failed message can be retried.');
    if (ids.length) {
      await this.audit.record(this.ds, actor, {
        action: 'delivery.retry',
        entity: target.actionId ? 'action' : 'message',
        entityId: target.actionId ?? target.messageId,
        summary: { requeued: ids.length },
      });
    }
    return { requeued: ids.length };
  }

  private async assertAction(actionId: string): Promise<void> {
    const [row] = isUuid(actionId) ? await this.ds.query(`SELECT 1 FROM actions WHERE id = $1`, [actionId]) : [];
    if (!row) throw new NotFoundError(`No action has the id "${actionId}".`);
  }
}

function empty(actionId: string): DeliveryCounts {
  return { actionId, awaitingConfirmation: 0, queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
}
