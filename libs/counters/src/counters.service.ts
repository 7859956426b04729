import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { ActionTally, publicTally, Stats, sumTallies } from './stats';

/**
 * Exact counters. Increments happen inside the statements that create or confirm a submission
 * or mark a letter sent (see SubmissionsService and the delivery worker), on one of
 * COUNTER_SHARDS rows per action. Reading sums the shards: a few hundred rows at most.
 * `tallies()` and `stats()` are the public figures (some actions rounded); `exactTallies()`,
 * `exactStats()` and `recount()` are exact, for staff and checks.
 */
@Injectable()
export class CountersService implements OnModuleDestroy {
  private publishPending = false;
  private publishTimer?: NodeJS.Timeout;
  private readonly localListeners = new Set<() => void>();
  readonly channel: string;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    this.channel = `${cfg.REDIS_PREFIX}:stats-changed`;
  }

  get shards(): number {
    return this.cfg.COUNTER_SHARDS;
  }

  /**
   * Exact per-action totals for every action ever created (closed ones still count site-wide):
   * for staff and for comparing with `recount()`, never for a public answer (use `tallies()`).
   */
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

  /** Per-action totals as the public sees them: rounded for the actions whose staff asked for it. */
  async tallies(): Promise<ActionTally[]> {
    return (await this.exactTallies()).map(publicTally);
  }

  /** Public totals for the site or one campaign: the sum of the actions' public figures. */
  async stats(campaignSlug?: string): Promise<Stats> {
    return sumTallies(await this.tallies(), campaignSlug);
  }

  /** Exact totals (what `recount()` must always equal): staff and consistency checks only. */
  async exactStats(campaignSlug?: string): Promise<Stats> {
    return sumTallies(await this.exactTallies(), campaignSlug);
  }

  /** Counts recomputed from the source tables: what the counters must always equal. */
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

  /**
   * Tells every API process (through Redis pub/sub) and local listeners that counters moved.
   * Coalesced: at most one publish per 20 ms however many signups commit.
   */
  notifyChanged(): void {
    for (const listener of this.localListeners) listener();
    if (this.publishPending) return;
    this.publishPending = true;
    this.publishTimer = setTimeout(() => {
      this.publishPending = false;
      // If Redis is down, other processes catch up on their periodic refresh.
      this.redis.publish(this.channel, '1').catch(() => undefined);
    }, 20);
  }

  onLocalChange(listener: () => void): () => void {
    this.localListeners.add(listener);
    return () => this.localListeners.delete(listener);
  }

  onModuleDestroy(): void {
    if (this.publishTimer) clearTimeout(this.publishTimer);
  }
}
