/**
 * The one form in which staff emails are compared: trimmed, printable ASCII, A-Z folded to a-z.
 * Unicode case folding differs between JavaScript and Postgres (`lower('İ')` is `i` under most
 * Postgres locales, `'İ'.toLowerCase()` is `i̇` in JavaScript), so a look-alike address could reach
 * an account while its failures counted elsewhere. Staff addresses are therefore ASCII-only, and
 * SQL compares them with STAFF_EMAIL_SQL, which folds A-Z only whatever the database's locale
 * (the unique index uses the same expression).
 */
export const STAFF_EMAIL_SQL = `lower(email COLLATE "C")`;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** The comparison form of a staff email, or null if it cannot belong to any staff account. */
export function normaliseStaffEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim();
  if (!email || email.length > 254 || !PRINTABLE_ASCII.test(email)) return null;
  return email.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Letters that case-fold to ASCII in some systems but do not decompose to it. */
const FOLDS: Record<string, string> = { ı: 'i', ſ: 's' };

/**
 * The ASCII address a spelling imitates (`edİtor@` → `editor@`: accents and other marks dropped),
 * or null if it imitates none. Never used to sign in (only `normaliseStaffEmail` is): it lets
 * failed logins under a look-alike spelling count against the account it imitates.
 */
export function staffEmailLookalike(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const folded = raw
    .trim()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ıſ]/g, (c) => FOLDS[c]);
  return normaliseStaffEmail(folded);
}
