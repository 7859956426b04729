import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PUBLIC_ROUNDING_LIMIT } from '@app/counters';

export interface HourCount {
  /** Start of the hour, ISO 8601 in UTC. */
  hour: string;
  count: number;
}

export const HOURS = 72;
const CACHE_MS = 5000;

/**
 * Actions counted per hour over the last three days, for the dashboard chart. Cached for a few
 * seconds: every wall screen polls it after each change, and one query serves them all.
 * Actions whose public count is rounded (under 1,000, staff's choice) are left out: an exact
 * count per hour would show the signature that their rounded count hides.
 */
@Injectable()
export class HourlyStatsService {
  private cache?: { at: number; value: Promise<HourCount[]> };

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  hourly(): Promise<HourCount[]> {
    const now = Date.now();
    if (this.cache && now - this.cache.at < CACHE_MS) return this.cache.value;
    const value = this.query().catch((err) => {
      this.cache = undefined;
      throw err;
    });
    this.cache = { at: now, value };
    return value;
  }

  private async query(): Promise<HourCount[]> {
    const rows: Array<{ h: Date; n: string }> = await this.ds.query(
      `WITH hours AS (
         SELECT generate_series(date_trunc('hour', now()) - make_interval(hours => $1 - 1), date_trunc('hour', now()), interval '1 hour') AS h
       )
       SELECT hours.h, COALESCE(c.n, 0) AS n
         FROM hours
         LEFT JOIN (
           SELECT date_trunc('hour', counted_at) AS h, count(*) AS n
             FROM submissions
            WHERE status = 'counted' AND counted_at >= date_trunc('hour', now()) - make_interval(hours => $1 - 1)
              AND action_id NOT IN (
                    SELECT a.id FROM actions a
                     WHERE a.round_public_count
                       AND (SELECT COALESCE(SUM(actions_taken), 0) FROM counter_shards WHERE action_id = a.id) < $2)
            GROUP BY 1
         ) c ON c.h = hours.h
        ORDER BY hours.h`,
      [HOURS, PUBLIC_ROUNDING_LIMIT],
    );
    return rows.map((r) => ({ hour: new Date(r.h).toISOString(), count: Number(r.n) }));
  }
}
