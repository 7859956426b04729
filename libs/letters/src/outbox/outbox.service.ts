import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { CountersService, pickShard } from '@app/counters';
import { deliveryJobId, QueueService } from '@app/queue';
import { Coalescer, rootLogger, isRowId } from '@app/common';
import {
  CANCEL_FOR_ERASURE_SQL,
  CLAIM_SQL,
  FAILED_LETTERS_SQL,
  LETTER_COUNTS_SQL,
  MARK_CANCELLED_SQL,
  MARK_FAILED_SQL,
  MARK_FOR_RETRY_SQL,
  MARK_SENT_SQL,
  RELEASE_SQL,
  RETRY_FAILED_SQL,
  SCRUB_CANCELLED_SQL,
  SCRUB_SUPPORTER_MAIL_SQL,
  SWEEP_SQL,
} from './outbox.sql';

/** What staff may retry: chosen messages, or every failed message of one action. */
export type RetryFailedSelection = { ids: Array<string | number> } | { actionId: string };

export interface SweepResult {
  /** Rows looked at (queued or sending for longer than the thresholds). */
  stale: number;
  /** Of those, rows whose job had vanished or finished without them: enqueued again. */
  requeued: number;
}

const SWEEP_PAGE = 1000;
/** One pass looks at no more than this many rows; the next pass continues. */
const SWEEP_MAX_ROWS = 50_000;
/** Job states in which BullMQ will still run the job: the row needs nothing from the sweeper. */
const LIVE_JOB_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * The outbox: `messages` rows move through their states only here (see outbox.sql.ts). The
 * worker calls claim/markSent/markFailed/markForRetry per job; staff call retryFailed; the worker's
 * periodic sweep-outbox job calls sweep so a row whose job was lost (Redis flushed, enqueue failed after commit,
 * worker killed too often) is always delivered in the end.
 *
 * claim and markSent are coalesced: jobs finishing in the same event-loop turn share one
 * statement. Each row's transition is still conditional on its own status, so batching does not
 * weaken the exactly-once counting.
 */
@Injectable()
export class OutboxService {
  private readonly log = rootLogger().child({ context: 'OutboxService' });
  private readonly claims = new Coalescer<string, number>((ids) => this.claimMany(ids));
  private readonly sends = new Coalescer<{ id: string; response: string }, boolean>((items) => this.markSentMany(items));

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counters: CountersService,
    private readonly queue: QueueService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  /**
   * queued (or sending, for a job being retried after its worker died or failed to record its
   * send) → sending. Returns the attempt number (1 for a first claim); 0: nothing to do.
   */
  claim(id: string): Promise<number> {
    return this.claims.push(String(id));
  }

  /** sending → sent; counts a letter in Messages Sent. False if the row was already final (a duplicate). */
  markSent(id: string, response: string): Promise<boolean> {
    return this.sends.push({ id: String(id), response: (response ?? '').slice(0, 500) });
  }

  /**
   * Erasure at the supporter's request, inside the caller's transaction: their unsent messages are
   * cancelled and the mail servers' responses that may echo their address are cleared. Returns
   * how many messages were cancelled.
   */
  async cancelForErasure(m: EntityManager, supporterId: string): Promise<number> {
    const cancelled: unknown[] = await m.query(CANCEL_FOR_ERASURE_SQL, [supporterId]);
    // Mail servers echo recipient addresses in their responses; the supporter's own emails carry theirs.
    await m.query(SCRUB_SUPPORTER_MAIL_SQL, [supporterId]);
    await m.query(SCRUB_CANCELLED_SQL, [supporterId]);
    return cancelled.length;
  }

  /** Letters per action and status, for one action or all (staff's delivery view). */
  letterCounts(actionId?: string): Promise<Array<{ action_id: string; status: string; n: number }>> {
    return this.ds.query(LETTER_COUNTS_SQL, [actionId ?? null]);
  }

  /** Failed letters of an action, newest first, below `before` (an id) when given. */
  failedLetters(actionId: string, before: string | null, limit: number): Promise<Array<Record<string, any>>> {
    return this.ds.query(FAILED_LETTERS_SQL, [actionId, before, limit]);
  }

  /** A message's status, or undefined if there is no such message. */
  async status(id: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT status FROM messages WHERE id = $1`, [id]);
    return row?.status;
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.ds.query(MARK_FAILED_SQL, [id, reason.slice(0, 500)]);
  }

  async markForRetry(id: string, reason: string): Promise<void> {
    await this.ds.query(MARK_FOR_RETRY_SQL, [id, reason.slice(0, 500)]);
  }

  /** Gives a claim back without spending an attempt (the job waits for its domain's rate limit). */
  async release(id: string): Promise<void> {
    await this.ds.query(RELEASE_SQL, [id]);
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.ds.query(MARK_CANCELLED_SQL, [id, reason.slice(0, 500)]);
  }

  /**
   * Staff: puts failed messages back in the queue with a fresh set of attempts. Returns the ids
   * that were failed and are now queued (others are ignored, so a double click does nothing).
   */
  async retryFailed(selection: RetryFailedSelection): Promise<string[]> {
    const ids = 'ids' in selection ? selection.ids.map(String).filter((id) => isRowId(id)) : null;
    const actionId = 'actionId' in selection ? selection.actionId : null;
    if (ids && !ids.length) return [];
    const rows: Array<{ id: string }> = await this.ds.query(RETRY_FAILED_SQL, [ids, actionId]);
    const requeued = rows.map((r) => r.id);
    // The failed job keeps its deterministic id for a week; it must go before a new one can be added.
    await this.removeFinishedJobs(requeued);
    await this.queue.enqueueMessages(requeued);
    return requeued;
  }

  /**
   * Re-enqueues rows that have been queued longer than OUTBOX_SWEEP_AFTER_MS or sending longer
   * than the job lock, unless BullMQ still holds a live job for them. Idempotent and safe to run
   * from several workers at once (job ids are deterministic).
   */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { stale: 0, requeued: 0 };
    let after = '0';
    while (result.stale < SWEEP_MAX_ROWS) {
      const rows: Array<{ id: string; status: string }> = await this.ds.query(SWEEP_SQL, [
        this.cfg.OUTBOX_SWEEP_AFTER_MS,
        this.cfg.WORKER_LOCK_MS,
        after,
        SWEEP_PAGE,
      ]);
      if (!rows.length) break;
      result.stale += rows.length;
      after = rows[rows.length - 1].id;
      const states = await Promise.all(rows.map((r) => this.queue.delivery.getJobState(deliveryJobId(r.id))));
      const lost = rows.filter((_r, i) => !LIVE_JOB_STATES.has(states[i])).map((r) => r.id);
      if (lost.length) {
        await this.removeFinishedJobs(lost);
        if (await this.queue.enqueueMessages(lost)) result.requeued += lost.length;
      }
      if (rows.length < SWEEP_PAGE) break;
    }
    if (result.requeued) this.log.warn(result, 'outbox sweep re-enqueued messages that had no job');
    return result;
  }

  private async claimMany(ids: string[]): Promise<number[]> {
    const rows: Array<{ id: string; attempts: number }> = await this.ds.query(CLAIM_SQL, [ids]);
    const claimed = new Map(rows.map((r) => [r.id, Number(r.attempts)]));
    // A row listed twice in one batch is claimed once: only its first entry gets the attempt.
    return ids.map((id) => {
      const attempt = claimed.get(id) ?? 0;
      claimed.delete(id);
      return attempt;
    });
  }

  private async markSentMany(items: Array<{ id: string; response: string }>): Promise<boolean[]> {
    const rows: Array<{ id: string; kind: string }> = await this.ds.query(MARK_SENT_SQL, [
      items.map((i) => i.id),
      items.map((i) => i.response),
      pickShard(this.counters.shards),
    ]);
    if (rows.some((r) => r.kind === 'letter')) this.counters.notifyChanged();
    const sent = new Set(rows.map((r) => r.id));
    // A row listed twice in one batch is sent once: only its first entry reports true.
    return items.map((i) => sent.delete(i.id));
  }

  /** Removes completed/failed jobs with these ids so that fresh ones can be added. */
  private async removeFinishedJobs(ids: string[]): Promise<void> {
    await Promise.all(
      ids.map((id) =>
        this.queue.delivery.remove(deliveryJobId(id)).catch(() => 0 /* locked by a worker: it is live, leave it */),
      ),
    );
  }
}
