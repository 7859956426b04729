import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { ActionTally, publicTally, Stats, sumTallies } from './stats';
import { CounterShardsRepository } from './counter-shards.repository';

/**
 * Exact counters. Increments happen inside the statements that create or confirm a submission
 * or mark a letter sent, composed from `addToCountersSql` (CounterShardsRepository), on one of
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
    private readonly shardsRepo: CounterShardsRepository,
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
  exactTallies(): Promise<ActionTally[]> {
    return this.shardsRepo.exactTallies();
  }

  /** Exact actions taken per action (staff views; the public figure may be rounded, see `publicTally`). */
  exactActionsTaken(actionId?: string): Promise<Map<string, number>> {
    return this.shardsRepo.actionsTaken(actionId);
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
  recount(campaignSlug?: string): Promise<Stats> {
    return this.shardsRepo.recount(campaignSlug);
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
