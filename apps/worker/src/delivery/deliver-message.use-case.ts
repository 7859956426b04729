import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import {
  DeliveryChannel,
  MESSAGE_RENDERER,
  MessageRenderer,
  OutboxService,
  PermanentDeliveryError,
  RenderedMessage,
  TransientDeliveryError,
} from '@app/letters';
import { DeliverMessageJob } from '@app/queue';
import { rootLogger } from '@app/common';
import { DomainRateLimiter } from './domain-rate-limiter';

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

export type DeliveryOutcome = 'sent' | 'duplicate' | 'skipped' | 'cancelled';

/**
 * Delivers one outbox row: claim → render → wait for the domain's slot → send → mark sent.
 * Transient failures are rethrown so BullMQ retries with backoff (the row goes back to queued,
 * or to failed after the last attempt); permanent ones mark the row failed and stop retries.
 */
@Injectable()
export class DeliverMessage {
  private readonly log = rootLogger().child({ context: 'DeliverMessage' });
  private readonly channels: Map<string, DeliveryChannel>;

  constructor(
    private readonly outbox: OutboxService,
    @Inject(MESSAGE_RENDERER) private readonly renderer: MessageRenderer,
    private readonly limiter: DomainRateLimiter,
    @Inject(DELIVERY_CHANNELS) channels: DeliveryChannel[],
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  async execute(job: Job<DeliverMessageJob>, token?: string): Promise<DeliveryOutcome> {
    const id = job.data.messageId;
    // Already sent, failed or cancelled: a duplicate or stale job has nothing to do.
    if (!(await this.outbox.claim(id))) return 'skipped';

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
    // After a successful send a failure here leaves the row in `sending`; the retry may resend,
    // which the receiving side can recognise by the unchanged Message-ID.
    return (await this.outbox.markSent(id, response)) ? 'sent' : 'duplicate';
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
