import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger } from '@app/common';
import { REDIS } from '@app/queue';
import { GCRA_LUA } from './rate-limit.lua';

export interface LimitRule {
  /** What is limited, e.g. `ip`; part of the Redis key and of the result. */
  name: string;
  /** Identifies the subject (already hashed when personal). */
  subject: string;
  limit: number;
  periodMs: number;
}

export interface LimitResult {
  allowed: boolean;
  retryAfterMs: number;
  /** Fraction (0..1) of each rule's budget in use after this request, by rule name. */
  fill: Record<string, number>;
}

type GcraClient = IORedis & { rallyGcra(numKeys: number, ...args: Array<string | number>): Promise<number[]> };

/** A request waits at most this long for Redis before the limits are skipped (fail open). */
const REDIS_DEADLINE_MS = 250;

/**
 * Sliding limits shared by every API process, stored in Redis under REDIS_PREFIX. One EVALSHA per
 * request whatever the number of rules. When Redis is down or slow the limiter answers null and
 * the caller lets the request through: a submission must never be lost to a rate-limit outage.
 */
@Injectable()
export class RateLimiterService {
  private readonly log = rootLogger().child({ context: 'RateLimiter' });
  private lastWarning = 0;

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL once if Redis lost the script.
    if (!(redis as unknown as Partial<GcraClient>).rallyGcra) redis.defineCommand('rallyGcra', { lua: GCRA_LUA });
  }

  key(rule: LimitRule): string {
    return `${this.cfg.REDIS_PREFIX}:rl:${rule.name}:${rule.subject}`;
  }

  async consume(rules: LimitRule[]): Promise<LimitResult | null> {
    if (!rules.length) return { allowed: true, retryAfterMs: 0, fill: {} };
    const args: Array<string | number> = rules.map((r) => this.key(r));
    for (const r of rules) args.push(r.periodMs, r.limit);
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await Promise.race([
        (this.redis as unknown as GcraClient).rallyGcra(rules.length, ...args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_DEADLINE_MS} ms`)), REDIS_DEADLINE_MS);
        }),
      ]);
      const fill: Record<string, number> = {};
      rules.forEach((r, i) => (fill[r.name] = Math.min(1, Number(reply[i + 2]) / 1000)));
      return { allowed: reply[0] === 1, retryAfterMs: Number(reply[1]), fill };
    } catch (err) {
      const now = Date.now();
      if (now - this.lastWarning > 10_000) {
        this.lastWarning = now;
        this.log.warn({ err: (err as Error).message }, 'rate limits unavailable (Redis); letting submissions through');
      }
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
