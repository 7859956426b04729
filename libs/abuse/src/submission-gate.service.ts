import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { keyedHash, rootLogger, TooManyRequestsError } from '@app/common';
import type { HoldReason, SubmissionGateInput, SubmissionGatePort, SubmissionGateVerdict } from '@app/submissions';
import { emailDomain, networkOf } from './network';
import { isDisposableDomain, isSharedProviderDomain } from './domains';
import { LimitRule, RateLimiterService } from './rate-limiter.service';

/**
 * The abuse checks every submission passes before it is written, from the JSON API and the web
 * forms alike (SubmissionsService calls it through the SUBMISSION_GATE port):
 *  - rate limits per client IP, per /24 or /64 network, per email domain and per action (429);
 *  - suspicious signatures, kept but held until confirmed by email: a throwaway-mailbox domain,
 *    or a domain or network that has used more than SUSPICIOUS_FILL_PERCENT of its budget.
 * IPs and domains are keyed-hashed before they reach Redis.
 */
@Injectable()
export class SubmissionGate implements SubmissionGatePort {
  private readonly log = rootLogger().child({ context: 'SubmissionGate' });

  constructor(
    private readonly limiter: RateLimiterService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  async check({ action, email, ip }: SubmissionGateInput): Promise<SubmissionGateVerdict> {
    const reasons: HoldReason[] = [];
    const domain = emailDomain(email);
    if (domain && isDisposableDomain(domain)) reasons.push('disposable-domain');
    if (this.cfg.RATE_LIMITS) {
      const result = await this.limiter.consume(this.rules(action.id, ip, domain));
      if (result && !result.allowed) {
        this.log.info({ actionId: action.id, retryAfterMs: result.retryAfterMs }, 'submission rate limited');
        throw new TooManyRequestsError(
          'Too many submissions are arriving from your connection or email provider. Please wait a moment and try again.',
          result.retryAfterMs / 1000,
        );
      }
      const threshold = this.cfg.SUSPICIOUS_FILL_PERCENT / 100;
      if (result && (result.fill.domain ?? 0) >= threshold) reasons.push('domain-burst');
      if (result && (result.fill.network ?? 0) >= threshold) reasons.push('network-burst');
    }
    if (reasons.length) this.log.info({ actionId: action.id, reasons }, 'submission held as suspicious');
    return { suspicious: reasons.length > 0, reasons };
  }

  rules(actionId: string, ip: string | undefined, domain: string | undefined): LimitRule[] {
    const c = this.cfg;
    const hash = (v: string) => keyedHash(c.APP_SECRET, v).slice(0, 22);
    const rules: LimitRule[] = [{ name: 'action', subject: actionId, ...c.RATE_LIMIT_ACTION }];
    if (ip) rules.push({ name: 'ip', subject: hash(`ip:${ip}`), ...c.RATE_LIMIT_IP });
    const network = networkOf(ip);
    if (network) rules.push({ name: 'network', subject: hash(`net:${network}`), ...c.RATE_LIMIT_NETWORK });
    if (domain && !isSharedProviderDomain(domain)) rules.push({ name: 'domain', subject: hash(`domain:${domain}`), ...c.RATE_LIMIT_EMAIL_DOMAIN });
    return rules;
  }
}
