import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActionTally, Stats } from './stats';

export type CounterColumn = 'actions_taken' | 'pledges_made' | 'messages_sent';

/**
 * The one way to add to the counters: a CTE body for the statement that changes what is counted
 * (a submission counted, a letter sent), so the counter moves in the same commit as the rows.
 * `select` yields `action_id, shard, <columns...>` in that order, one row per action (order it by
 * action_id so concurrent statements lock shards in the same order). Built when a statement is
 * composed (module load), never per request.
 */
export function addToCountersSql(select: string, columns: CounterColumn[]): string {
  return `INSERT INTO counter_shards AS c (action_id, shard, ${columns.join(', ')})
  ${select.trim()}
  ON CONFLICT (action_id, shard) DO UPDATE
    SET ${columns.map((k) => `${k} = c.${k} + EXCLUDED.${k}`).join(', ')}
  RETURNING 1`;
}

/**
 * counter_shards, owned by libs/counters: COUNTER_SHARDS rows per action, each a partial sum.
 * Increments are composed into other libs' statements through `addToCountersSql`; reads sum the
 * shards (a few hundred rows at most).
 */
@Injectable()
export class CounterShardsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Exact per-action totals for every action ever created (closed ones still count site-wide). */
  async exactTallies(): Promise<ActionTally[]> {
    const rows: Array<{ action_id: string; campaign_slug: string; r: boolean; t: string; m: string; p: string }> = await this.ds.query(`
      SELECT a.id AS action_id, c.slug AS campaign_slug, a.round_public_count AS r,
             COALESCE(SUM(s.actions_taken), 0) AS t, COALESCE(SUM(s.messages_sent), 0) AS m, COALESCE(SUM(s.pledges_made), 0) AS p
        FROM actions a JOIN campaigns c ON c.id = a.campaign_id
        LEFT JOIN counter_shards s ON s.action_id = a.id
       GROUP BY a.id, c.slug`);
    return rows.map((r) => ({
      actionId: r.action_id,
      campaignSlug: r.campaign_slug,
      roundPublic: r.r,
      actionsTaken: Number(r.t),
      messagesSent: Number(r.m),
      pledgesMade: Number(r.p),
    }));
  }

  /** Exact actions taken per action id (one action, or all that have any). */
  async actionsTaken(actionId?: string): Promise<Map<string, number>> {
    const rows: Array<{ action_id: string; n: string }> = await this.ds.query(
      `SELECT action_id, SUM(actions_taken)::bigint AS n FROM counter_shards WHERE ($1::uuid IS NULL OR action_id = $1) GROUP BY action_id`,
      [actionId ?? null],
    );
    return new Map(rows.map((r) => [r.action_id, Number(r.n)]));
  }

  /** Counts recomputed from the source tables (a read across libs' tables): what the counters must equal. */
  async recount(campaignSlug?: string): Promise<Stats> {
    const [row] = await this.ds.query(
      `SELECT
         (SELECT count(*) FROM submissions s JOIN actions a ON a.id = s.action_id JOIN campaigns c ON c.id = a.campaign_id
           WHERE s.status = 'counted' AND ($1::text IS NULL OR c.slug = $1)) AS t,
         (SELECT count(*) FROM submissions s JOIN actions a ON a.id = s.action_id JOIN campaigns c ON c.id = a.campaign_id
           WHERE s.status = 'counted' AND a.kind = 'pledge' AND ($1::text IS NULL OR c.slug = $1)) AS p,
         (SELECT count(*) FROM messages m JOIN actions a ON a.id = m.action_id JOIN campaigns c ON c.id = a.campaign_id
           WHERE m.kind = 'letter' AND m.status = 'sent' AND ($1::text IS NULL OR c.slug = $1)) AS m`,
      [campaignSlug ?? null],
    );
    return { actionsTaken: Number(row.t), messagesSent: Number(row.m), pledgesMade: Number(row.p) };
  }
}
