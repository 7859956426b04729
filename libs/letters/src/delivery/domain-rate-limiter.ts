import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { Coalescer } from '@app/common';

/**
 * Token bucket with reservations, one per recipient domain, shared by every worker through Redis.
 * A caller always takes a token; when the bucket is empty the token is borrowed from the future
 * and the caller is told how long to wait for its slot. A postponed job therefore waits exactly
 * once (it keeps its slot) instead of polling, and the domain sees at most `rate` messages per
 * second plus a one-second burst.
 */
const RESERVE_LUA = `
local rate = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local burst = rate
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil then tokens = burst; ts = now end
tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
local waits = {}
for i = 1, n do
  tokens = tokens - 1
  if tokens < 0 then waits[i] = math.ceil(-tokens * 1000 / rate) else waits[i] = 0 end
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], waits[n] + 2000)
return waits`;

/** Parses `domain=rate,domain=rate` (DELIVERY_DOMAIN_RATES). */
export function parseDomainRates(spec: string | undefined): Map<string, number> {
  const rates = new Map<string, number>();
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const [domain, rate] = part.split('=');
    rates.set(domain.trim().toLowerCase(), Number(rate));
  }
  return rates;
}

@Injectable()
export class DomainRateLimiter {
  private readonly rates: Map<string, number>;
  private readonly batches = new Map<string, Coalescer<null, number>>();

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    this.rates = parseDomainRates(cfg.DELIVERY_DOMAIN_RATES);
  }

  rateFor(domain: string): number {
    return this.rates.get(domain.toLowerCase()) ?? this.cfg.DELIVERY_DOMAIN_RATE;
  }

  /**
   * Takes a send slot for `domain`; returns 0 to send now, or the ms to wait for the reserved slot.
   * Requests for one domain made in the same event-loop turn share one Redis call.
   */
  reserve(domain: string): Promise<number> {
    const d = (domain ?? '').toLowerCase();
    const rate = this.rateFor(d);
    if (!rate || !d) return Promise.resolve(0);
    let batch = this.batches.get(d);
    if (!batch) {
      if (this.batches.size > 10_000) this.batches.clear(); // supporters' domains are many; keep this bounded
      batch = new Coalescer<null, number>((items) => this.reserveMany(d, rate, items.length));
      this.batches.set(d, batch);
    }
    return batch.push(null);
  }

  private async reserveMany(domain: string, rate: number, n: number): Promise<number[]> {
    const key = `${this.cfg.REDIS_PREFIX}:delivery:domain-rate:${domain}`;
    const waits = (await this.redis.eval(RESERVE_LUA, 1, key, rate, Date.now(), n)) as number[];
    return waits.map(Number);
  }
}
