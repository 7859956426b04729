import type { ActionEntity } from '@app/campaigns';

/** What the abuse checks see of a submission: no names, no message. */
export interface SubmissionGateInput {
  action: ActionEntity;
  email: string;
  ip?: string;
}

export interface SubmissionGateVerdict {
  /** Keep the submission but hold it out of the counters until its email is confirmed. */
  suspicious: boolean;
  /** Why it was held (for logs and staff), never personal data. */
  reasons: string[];
}

/**
 * Abuse checks run before a submission is written (implemented by the abuse lib, provided from a
 * @Global() module). Throws TooManyRequestsError (429 with Retry-After) when a rate limit is hit.
 */
export interface SubmissionGatePort {
  check(input: SubmissionGateInput): Promise<SubmissionGateVerdict>;
}

export const SUBMISSION_GATE = Symbol('SUBMISSION_GATE');
