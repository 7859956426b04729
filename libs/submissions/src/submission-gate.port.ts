import type { ActionEntity } from '@app/campaigns';

/** What the abuse checks see of a submission: no names, no message. */
export interface SubmissionGateInput {
  action: ActionEntity;
  email: string;
  ip?: string;
}

/**
 * Why a signature was held (stored in `submissions.hold_reason`, whose CHECK lists the same
 * words; shown to staff). Says which check fired, never anything about the person.
 *  honeypot: a web form's hidden `website` input was filled.
 *  bad-stamp: a web form's render stamp was missing, forged or in the future.
 *  too-fast: a web form was sent back sooner than FORM_MIN_SECONDS after it was rendered.
 *  disposable-domain: a throwaway-mailbox email domain.
 *  domain-burst / network-burst: the email domain or /24 (/64) network used more than
 *  SUSPICIOUS_FILL_PERCENT of its rate-limit budget.
 */
export const HOLD_REASONS = ['honeypot', 'bad-stamp', 'too-fast', 'disposable-domain', 'domain-burst', 'network-burst'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export interface SubmissionGateVerdict {
  /** Keep the submission but hold it out of the counters until its email is confirmed. */
  suspicious: boolean;
  /** Why it was held (for logs and staff), most telling first; never personal data. */
  reasons: HoldReason[];
}

/**
 * Abuse checks run before a submission is written (implemented by the abuse lib; required, see
 * SubmissionsModule.forRoot). Throws TooManyRequestsError (429 with Retry-After) when a rate limit is hit.
 */
export interface SubmissionGatePort {
  check(input: SubmissionGateInput): Promise<SubmissionGateVerdict>;
}

export const SUBMISSION_GATE = Symbol('SUBMISSION_GATE');
