import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { keyedHash, safeEqual } from '@app/common';

/** 'ok', or why the form is held (a HoldReason; checked in that order, the first one found wins). */
export type FormVerdict = 'ok' | 'honeypot' | 'bad-stamp' | 'too-fast';

export interface FormGuardFields {
  /** The hidden honeypot input: people never see it, so never fill it. */
  website?: unknown;
  /** The signed render time the page put in a hidden input (from `FormGuardService.issue()`). */
  renderedAt?: unknown;
}

/** A form clock a little ahead of ours is fine; far ahead means the stamp was made up. */
const CLOCK_SKEW_MS = 5000;

/**
 * Bot signals of the HTML forms. The page embeds `issue()` in a hidden `renderedAt` input and an
 * empty hidden `website` input; the form route calls `check()` and, unless it says 'ok', passes
 * the verdict as `holdReason` to takeAction: the signature is kept but held until its email is
 * confirmed.
 */
@Injectable()
export class FormGuardService {
  constructor(@Inject(RALLY_CONFIG) private readonly cfg: RallyConfig) {}

  /** A signed timestamp for the hidden `renderedAt` field: `<ms>.<signature>`. */
  issue(now = Date.now()): string {
    return `${now}.${this.sign(now)}`;
  }

  check(fields: FormGuardFields, now = Date.now()): FormVerdict {
    if (typeof fields.website === 'string' ? fields.website.trim() !== '' : fields.website != null) return 'honeypot';
    const stamp = typeof fields.renderedAt === 'string' ? /^(\d{10,16})\.([A-Za-z0-9_-]{20,100})$/.exec(fields.renderedAt) : null;
    if (!stamp) return 'bad-stamp';
    const at = Number(stamp[1]);
    if (!safeEqual(stamp[2], this.sign(at)) || at > now + CLOCK_SKEW_MS) return 'bad-stamp';
    if (now - at < this.cfg.FORM_MIN_SECONDS * 1000) return 'too-fast';
    return 'ok';
  }

  private sign(at: number): string {
    // Same stamp as apps/api/src/web/form-guard.ts signRenderedAt, so pages may use either.
    return keyedHash(this.cfg.APP_SECRET, `form-rendered:${at}`);
  }
}
