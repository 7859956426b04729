import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addToCountersSql, CountersService, pickShard } from '@app/counters';
import { QueueService } from '@app/queue';
import { cancelUnsentSql, releaseAwaitingSql } from '@app/letters';
import { COUNT_HELD_SQL, REMOVE_HELD_SQL } from '@app/submissions';
import type { HoldReason } from '@app/submissions';
import { HeldSubmissionsQuery } from './held-submissions.query';

/** $1 ids. Held rows become removed; their unsent mail is cancelled. One statement, one commit. */
const REMOVE_SQL = `
WITH gone AS (
  ${REMOVE_HELD_SQL}
), cancelled AS (
  ${cancelUnsentSql('SELECT id FROM gone', ['awaiting_confirmation', 'queued'])}
)
SELECT (SELECT count(*) FROM gone)::int AS removed`;

/**
 * $1 ids  $2 counter shard. Held rows count as if confirmed: counters go up and their letters are
 * released in the same statement; a pending confirmation email that has not gone out is cancelled.
 */
const APPROVE_SQL = `
WITH ok AS (
  ${COUNT_HELD_SQL}
), per_action AS (
  SELECT ok.action_id, count(*) AS n, count(*) FILTER (WHERE a.kind = 'pledge') AS p
    FROM ok JOIN actions a ON a.id = ok.action_id GROUP BY ok.action_id
), tally AS (
  ${addToCountersSql(`SELECT action_id, $2::smallint, n, p FROM per_action`, ['actions_taken', 'pledges_made'])}
), released AS (
  ${releaseAwaitingSql('SELECT id FROM ok')}
), unconfirmed AS (
  ${cancelUnsentSql('SELECT id FROM ok', ['queued'], 'confirmation')}
)
SELECT (SELECT count(*) FROM ok)::int AS approved, (SELECT array_agg(id::text) FROM released) AS queued`;

export interface HeldSubmission {
  id: string;
  actionId: string;
  actionSlug: string;
  createdAt: string;
  /** Only the domain: staff judge a burst by its provider, not by who signed. */
  emailDomain: string | null;
  /** Keyed hash of the IP, shortened: equal values mean the same address. */
  ipGroup: string | null;
  zip: string | null;
  /** Which check held it; null for signatures held before reasons were recorded. */
  reason: HoldReason | null;
}

export interface HeldQuery {
  actionId?: string;
  reason?: HoldReason;
  /** Keyset pagination: only submissions with a smaller id. */
  beforeId?: string;
  limit?: number;
}

/** Staff decisions on suspicious signatures: list them, remove them in bulk, or let them count. */
@Injectable()
export class HeldSubmissionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counters: CountersService,
    private readonly queue: QueueService,
    private readonly query: HeldSubmissionsQuery,
  ) {}

  async list(q: HeldQuery = {}): Promise<HeldSubmission[]> {
    const rows = await this.query.page(q.actionId ?? null, q.beforeId ?? null, Math.min(Math.max(q.limit ?? 100, 1), 1000), q.reason ?? null);
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      actionId: r.action_id,
      actionSlug: r.slug,
      createdAt: new Date(r.created_at).toISOString(),
      emailDomain: r.domain || null,
      ipGroup: r.ip_group,
      zip: r.zip,
      reason: r.hold_reason,
    }));
  }

  /**
   * Marks held submissions removed and cancels their unsent mail (the confirmation email and the
   * letters waiting for it). Held ones never counted, so counters do not move. Only held rows are
   * touched, so a submission confirmed meanwhile stays counted.
   */
  async remove(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const [row] = await this.ds.query(REMOVE_SQL, [ids]);
    return row.removed;
  }

  /**
   * Lets held submissions count as if confirmed: counters go up, their letters are released.
   * Their pending confirmation email is cancelled if it has not gone out yet.
   */
  async approve(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const [row] = await this.ds.query(APPROVE_SQL, [ids, pickShard(this.counters.shards)]);
    if (row.approved) this.counters.notifyChanged();
    if (row.queued?.length) await this.queue.enqueueMessages(row.queued);
    return row.approved;
  }
}
