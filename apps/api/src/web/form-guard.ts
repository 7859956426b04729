import { keyedHash, safeEqual } from '@app/common';

/** Hidden honeypot input: people never see or fill it; naive bots fill every field. */
export const HONEYPOT_FIELD = 'website';
/** Signed time the form was rendered: a form sent back within a second or two was not typed by a person. */
export const RENDERED_AT_FIELD = 'renderedAt';

export function signRenderedAt(secret: string, now = Date.now()): string {
  const ts = String(now);
  return `${ts}.${keyedHash(secret, `form-rendered:${ts}`)}`;
}

/** The render time a form carried, or null when it is missing or was not signed by us. */
export function verifyRenderedAt(secret: string, value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{10,16})\.([A-Za-z0-9_-]{20,100})$/.exec(value);
  if (!m) return null;
  return safeEqual(m[2], keyedHash(secret, `form-rendered:${m[1]}`)) ? Number(m[1]) : null;
}

/** What the anti-abuse checks may look at, taken off the form before it reaches the DTO. */
export interface FormSignals {
  honeypotFilled: boolean;
  /** Milliseconds between rendering and submitting; null if the stamp was missing or forged. */
  ageMs: number | null;
}

/** Splits a posted form into the take-action fields and the anti-abuse signals. */
export function stripFormGuards(
  secret: string,
  body: Record<string, unknown>,
  now = Date.now(),
): { fields: Record<string, unknown>; signals: FormSignals } {
  const { [HONEYPOT_FIELD]: honeypot, [RENDERED_AT_FIELD]: renderedAt, ...fields } = body;
  const at = verifyRenderedAt(secret, renderedAt);
  return {
    fields,
    signals: { honeypotFilled: typeof honeypot === 'string' ? honeypot.length > 0 : honeypot !== undefined, ageMs: at === null ? null : now - at },
  };
}
