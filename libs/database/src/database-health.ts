import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { rootLogger, ServiceUnavailableError } from '@app/common';

/** Postgres unreachable, overloaded, shutting down or not answering: retry later, the request was fine. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08006', '08001', '08003', '57014']);
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|not queryable/i;

/** True for a lost, refused or timed-out connection (also inside a TypeORM QueryFailedError); false for SQL errors. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: unknown } | undefined;
  if (!e) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  if (UNAVAILABLE_MESSAGE.test(e.message ?? '')) return true;
  return e.driverError !== undefined && isDatabaseUnavailable(e.driverError);
}

/**
 * A circuit breaker over Postgres, shared by the process. After DATABASE_BREAKER_FAILURES
 * connection failures or timeouts in a row (SQL errors do not count) it opens: `check()` fails at
 * once with 503 and Retry-After, so a hanging database cannot pile up waiting submissions. Once
 * per DATABASE_BREAKER_COOLDOWN_MS it lets one caller through as a probe; a success closes it.
 * Outcomes reach it through `track()` (the signup statement, the readiness ping).
 */
@Injectable()
export class DatabaseHealth {
  private readonly log = rootLogger().child({ context: 'DatabaseHealth' });
  private failures = 0;
  /** While open: no caller passes before this time; then one does (the probe) and it moves on. */
  private retryAt = 0;
  private probing = false;

  constructor(@Inject(RALLY_CONFIG) private readonly cfg: Pick<RallyConfig, 'DATABASE_BREAKER_FAILURES' | 'DATABASE_BREAKER_COOLDOWN_MS'>) {}

  get open(): boolean {
    return this.failures >= this.cfg.DATABASE_BREAKER_FAILURES;
  }

  /** At the start of a use case: throws 503 while open, except for one probe per cool-down. */
  check(): void {
    if (!this.open) return;
    const now = Date.now();
    if (now < this.retryAt) throw this.unavailable(now);
    this.retryAt = now + this.cfg.DATABASE_BREAKER_COOLDOWN_MS;
    this.probing = true;
  }

  /** For work admitted earlier (a queued batch): throws 503 if the breaker opened meanwhile, unless a probe is under way. */
  checkAdmitted(): void {
    if (this.open && !this.probing) throw this.unavailable(Date.now());
  }

  /** Records the outcome of a database call and passes it on unchanged. */
  async track<T>(work: Promise<T>): Promise<T> {
    try {
      const result = await work;
      this.recordSuccess();
      return result;
    } catch (err) {
      this.recordFailure(err);
      throw err;
    }
  }

  recordSuccess(): void {
    if (this.open) this.log.info('database answers again: circuit closed');
    this.failures = 0;
    this.probing = false;
  }

  recordFailure(err: unknown): void {
    if (!isDatabaseUnavailable(err)) return;
    const wasOpen = this.open;
    this.failures++;
    if (!this.open) return;
    this.probing = false;
    this.retryAt = Date.now() + this.cfg.DATABASE_BREAKER_COOLDOWN_MS;
    if (!wasOpen) this.log.warn({ err: (err as Error)?.message }, 'database unavailable: circuit open');
  }

  private unavailable(now: number): ServiceUnavailableError {
    const seconds = Math.max(1, Math.ceil((this.retryAt - now) / 1000));
    return new ServiceUnavailableError('The service is briefly unavailable. Please try again in a few seconds.', seconds);
  }
}
