import { isEmail } from 'class-validator';

/**
 * Characters no address Rally sends to may hold: quotes (no quoted local parts, which could carry
 * anything), whitespace and control characters (header injection), commas and semicolons (a
 * second recipient), angle brackets and backslashes.
 */
const FORBIDDEN = /["\s\u0000-\u001f\u007f,;<>\\]/;

/**
 * The one email address rule, for supporters and staff alike: a plain `local@domain.tld` with a
 * dot-atom local part, a domain name (no IP literal) with a top-level domain, and no character
 * that stood in for a broken one (the validator library throws on a lone surrogate).
 */
export function isEmailAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 254 &&
    !FORBIDDEN.test(value) &&
    !value.includes('\ufffd') &&
    isEmail(value, { allow_ip_domain: false, require_tld: true, allow_display_name: false })
  );
}
