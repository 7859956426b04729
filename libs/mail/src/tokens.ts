import { keyedHash } from '@app/common';

/**
 * Link tokens are HMACs under APP_SECRET of the record's id and its random `link_nonce` (a uuid
 * column of submissions and supporters, set by the database when the row is inserted).
 * Deterministic, so re-rendering an email (a retry, a Redis flush) gives the same link, and the
 * link itself carries no id. The nonce means that neither the secret plus the sequential ids, nor
 * a copy of the database without the secret, is enough to compute a link. Only sha256(token) is
 * stored, for lookup.
 */
export function confirmToken(secret: string, submissionId: string | number, linkNonce: string): string {
  return keyedHash(secret, `confirm:${submissionId}:${requireNonce(linkNonce)}`);
}

export function unsubscribeToken(secret: string, supporterId: string | number, linkNonce: string): string {
  return keyedHash(secret, `unsubscribe:${supporterId}:${requireNonce(linkNonce)}`);
}

/** A token without its nonce would be the guessable kind: refuse to make one. */
function requireNonce(linkNonce: string): string {
  if (!linkNonce || linkNonce.length < 16) throw new Error('link token needs the row link_nonce');
  return linkNonce;
}

/** Shape check before any database lookup: base64url, the length an HMAC-SHA256 encodes to. */
export function isLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}
