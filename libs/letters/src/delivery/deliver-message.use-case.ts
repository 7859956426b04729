import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { DeliveryChannel, MESSAGE_RENDERER, MessageRenderer, RenderedMessage } from './rendered-message';
import { PermanentDeliveryError, TransientDeliveryError } from './errors';
import { OutboxService } from '../outbox';
import { DeliverMessageJob } from '@app/queue';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { DomainRateLimiter } from './domain-rate-limiter';
import { SendReceipts } from './send-receipts';

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

export type DeliveryOutcome = 'sent' | 'duplicate' | 'skipped' | 'cancelled' | 'recorded';

/** Longest the job keeps retrying to mark a sent message before it fails and lets BullMQ retry. */
const MARK_SENT_PATIENCE_MS = 10_000;

/**
 * Delivers one outbox row: claim → render → wait for the domain's slot → send → mark sent.
 * Transient failures are rethrown so BullMQ retries with backoff (the row goes back to queued,
 * or to failed after the last attempt); permanent ones mark the row failed and stop retries.
 *
 * Exactly once across a database outage: once the server has accepted a message, a receipt is
 * kept (SendReceipts) and marking the row sent is retried within the job; if the database stays
 * away, the job fails and its retry (or the sweeper's fresh job) finds the receipt and only marks
 * the row. A failure after the send never marks the row failed or queued.
 */
@Injectable()
export class DeliverMessage {
  private readonly log = rootLogger().child({ context: 'DeliverMessage' });
  private readonly channels: Map<string, DeliveryChannel>;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(MESSAGE_RENDERER) private readonly renderer: MessageRenderer,
    private readonly limiter: DomainRateLimiter,
    private readonly receipts: SendReceipts,
    @Inject(DELIVERY_CHANNELS) channels: DeliveryChannel[],
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  async execute(job: Job<DeliverMessageJob>, token?: string): Promise<DeliveryOutcome> {
    const id = job.data.messageId;
    const attempt = await this.outbox.claim(id);
    // Already sent, failed or cancelled: a duplicate or stale job has nothing to do.
    if (!attempt) return 'skipped';
    // An earlier attempt may have been accepted by the server but unable to record it.
    if (attempt > 1) {
      const stored = await this.receipts.recall(id);
      if (stored !== undefined) {
        await this.markSentPatiently(id, stored);
        this.log.info({ messageId: id, attempt }, 'already handed to the server by an earlier attempt; marked sent without sending again');
        return 'recorded';
      }
    }

    let response: string;
    try {
      const message = await this.renderer.render(id);
      if (!message) {
        await this.outbox.markCancelled(id, 'nothing to send');
        return 'cancelled';
      }
      if (await this.postponeForRateLimit(job, message, token)) throw new DelayedError();
      const channel = this.channels.get(message.channel);
      if (!channel) throw new PermanentDeliveryError(`no ${message.channel} channel is configured`);
      ({ response } = await channel.send(message));
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      throw await this.recordFailure(job, err);
    }
    await this.receipts.remember(id, response);
    return (await this.markSentPatiently(id, response)) ? 'sent' : 'duplicate';
  }

  /**
   * Marks a handed-over message sent, retrying with a short backoff for as long as the job may
   * run without another worker taking it over (the lock, at most MARK_SENT_PATIENCE_MS). If the
   * database is still away, throws: the row stays `sending`, the receipt stays, and the next
   * attempt marks it without sending.
   */
  private async markSentPatiently(id: string, response: string): Promise<boolean> {
    const deadline = Date.now() + Math.min(this.cfg.WORKER_LOCK_MS, MARK_SENT_PATIENCE_MS);
    for (let tries = 1, wait = 100; ; tries++, wait = Math.min(wait * 2, 1000)) {
      try {
        const moved = await this.outbox.markSent(id, response);
        this.receipts.forget(id);
        if (tries > 1) this.log.info({ messageId: id, tries }, 'marked sent once the database answered again');
        return moved;
      } catch (err) {
        if (Date.now() + wait > deadline) {
          const reason = err instanceof Error ? err.message : String(err);
          this.log.warn({ messageId: id, reason: redactAddresses(reason) }, 'sent, but could not mark it sent; a later attempt will (without sending again)');
          throw new TransientDeliveryError(`handed over, not yet marked sent: ${reason}`);
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** True if the job was moved to the delayed set to wait for its reserved slot. */
  private async postponeForRateLimit(job: Job<DeliverMessageJob>, message: RenderedMessage, token?: string): Promise<boolean> {
    if (job.data.rateSlot) return false; // this job already waited for its slot
    const wait = await this.limiter.reserve(message.domain);
    if (wait <= 0) return false;
    const slot = Date.now() + wait;
    await this.outbox.release(job.data.messageId);
    await job.updateData({ ...job.data, rateSlot: slot });
    await job.moveToDelayed(slot, token);
    return true;
  }

  private async recordFailure(job: Job<DeliverMessageJob>, err: unknown): Promise<Error> {
    const id = job.data.messageId;
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentDeliveryError) {
      await this.outbox.markFailed(id, reason);
      this.log.warn({ messageId: id, reason: redactAddresses(reason) }, 'delivery failed permanently');
      return new UnrecoverableError(reason);
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (lastAttempt) {
      await this.outbox.markFailed(id, `gave up after ${job.attemptsMade + 1} attempts: ${reason}`);
      this.log.warn({ messageId: id, attempts: job.attemptsMade + 1, reason: redactAddresses(reason) }, 'delivery failed after the last attempt');
    } else {
      await this.outbox.markForRetry(id, reason);
    }
    return err instanceof TransientDeliveryError ? err : new TransientDeliveryError(reason);
  }
}

/** Servers quote the recipient in their answers; logs must never carry an address. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[address]');
}
