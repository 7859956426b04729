import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { REDIS } from '@app/queue';

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
local burst = rate
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil then tokens = burst; ts = now end
tokens = math.min(burst, tokens + (now - ts) * rate / 1000) - 1
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
local wait = 0
if tokens < 0 then wait = math.ceil(-tokens * 1000 / rate) end
redis.call('PEXPIRE', KEYS[1], wait + 2000)
return wait`;

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

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {
    this.rates = parseDomainRates(cfg.DELIVERY_DOMAIN_RATES);
  }

  rateFor(domain: string): number {
    return this.rates.get(domain.toLowerCase()) ?? this.cfg.DELIVERY_DOMAIN_RATE;
  }

  /** Takes a send slot for `domain`; returns 0 to send now, or the ms to wait for the reserved slot. */
  async reserve(domain: string): Promise<number> {
    const rate = this.rateFor(domain);
    if (!rate || !domain) return 0;
    const key = `${this.cfg.REDIS_PREFIX}:delivery:domain-rate:${domain.toLowerCase()}`;
    return Number(await this.redis.eval(RESERVE_LUA, 1, key, rate, Date.now()));
  }
}
