import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { keyedHash, ServiceUnavailableError, TooManyRequestsError } from '@app/common';
import { REDIS } from '@app/queue';
import { staffEmailLookalike } from '../accounts/staff-email';

/**
 * Whose failed logins count together: the account itself when the email resolves to one (so no
 * spelling of its address gets a fresh budget), otherwise the address it imitates in ASCII, so
 * unknown and known addresses are limited alike and the limit does not reveal which accounts exist.
 */
export function loginSubject(accountId: string | null | undefined, email: string): string {
  if (accountId) return `account:${accountId}`;
  return `email:${staffEmailLookalike(email) ?? String(email).trim().normalize('NFKC').toLowerCase()}`;
}

/**
 * Fixed-window login limits in Redis, shared by every API process: failed attempts per account
 * (so one account cannot be guessed at from many addresses) and all attempts per client IP (so one
 * address cannot spray many accounts). Keys hold keyed hashes, never the address or IP itself.
 * If Redis is unreachable, logins fail closed with 503: guessing must not become unlimited.
 * Callers pass a `subject` from `loginSubject`, never a raw email.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  private accountKey(subject: string): string {
    return `${this.cfg.REDIS_PREFIX}:staff-login:acct:${keyedHash(this.cfg.APP_SECRET, `staff-login:${subject}`)}`;
  }

  private ipKey(ip: string): string {
    return `${this.cfg.REDIS_PREFIX}:staff-login:ip:${keyedHash(this.cfg.APP_SECRET, `staff-login-ip:${ip}`)}`;
  }

  /** Throws 429 with Retry-After when either limit is reached; otherwise counts the attempt for the IP. */
  async beforeAttempt(subject: string, ip: string): Promise<void> {
    const acct = this.accountKey(subject);
    const ipKey = this.ipKey(ip);
    const res = await this.run((r) =>
      r.multi().get(acct).pttl(acct).set(ipKey, 0, 'EX', this.cfg.STAFF_LOGIN_WINDOW_SECONDS, 'NX').incr(ipKey).pttl(ipKey).exec(),
    );
    const failures = Number(res?.[0]?.[1] ?? 0);
    const acctTtl = Number(res?.[1]?.[1] ?? -1);
    const ipCount = Number(res?.[3]?.[1] ?? 0);
    const ipTtl = Number(res?.[4]?.[1] ?? -1);
    if (failures >= this.cfg.STAFF_LOGIN_MAX_FAILURES) {
      throw new TooManyRequestsError('Too many failed logins for this account. Try again later.', this.seconds(acctTtl));
    }
    if (ipCount > this.cfg.STAFF_LOGIN_MAX_PER_IP) {
      throw new TooManyRequestsError('Too many login attempts from this address. Try again later.', this.seconds(ipTtl));
    }
  }

  async failed(subject: string): Promise<void> {
    const acct = this.accountKey(subject);
    await this.run((r) => r.multi().set(acct, 0, 'EX', this.cfg.STAFF_LOGIN_WINDOW_SECONDS, 'NX').incr(acct).exec());
  }

  async succeeded(subject: string): Promise<void> {
    await this.run((r) => r.del(this.accountKey(subject))).catch(() => undefined);
  }

  private seconds(ttlMs: number): number {
    return ttlMs > 0 ? ttlMs / 1000 : this.cfg.STAFF_LOGIN_WINDOW_SECONDS;
  }

  private async run<T>(fn: (r: IORedis) => Promise<T>): Promise<T> {
    try {
      if (this.redis.status !== 'ready') {
        // Just after start-up the shared client may still be connecting (it has no offline queue).
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('redis not ready')), 2000);
          this.redis.once('ready', () => (clearTimeout(t), resolve()));
        });
      }
      return await fn(this.redis);
    } catch {
      throw new ServiceUnavailableError('Logins are briefly unavailable. Please try again in a few seconds.');
    }
  }
}
