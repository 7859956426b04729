import { keyedHash } from '@app/common';

/**
 * Link tokens are HMACs of the record id under APP_SECRET: deterministic, so re-rendering an
 * email (a retry, a Redis flush) gives the same link, and the link itself carries no id.
 * Only sha256(token) is stored, for lookup.
 */
export function confirmToken(secret: string, submissionId: string | number): string {
  return keyedHash(secret, `confirm:${submissionId}`);
}

export function unsubscribeToken(secret: string, supporterId: string | number): string {
  return keyedHash(secret, `unsubscribe:${supporterId}`);
}

/** Shape check before any database lookup: base64url, the length an HMAC-SHA256 encodes to. */
export function isLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}
