/**
 * Staff roles, from least to most trusted. A route names the least role it needs; a higher role
 * may do everything a lower one may.
 *  viewer: read-only: campaigns, counts and delivery status, never signers' personal data.
 *  editor: campaigns, actions, templates, delivery retries, signer exports.
 *  admin:  everything, including staff accounts, API tokens, data requests and the audit log.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type StaffRole = (typeof ROLES)[number];

export function isRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAllows(has: StaffRole, needs: StaffRole): boolean {
  return ROLES.indexOf(has) >= ROLES.indexOf(needs);
}

/** The less trusted of two roles (what an API token may do: its own role, capped by its creator's). */
export function lesserRole(a: StaffRole, b: StaffRole): StaffRole {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** Who is acting: a staff member through a session, an integration through an API token, or Rally itself. */
export interface StaffActor {
  kind: 'staff' | 'token' | 'system' | 'cli';
  /** staff_users.id for a session, api_tokens.id for a token. */
  id: string | null;
  role: StaffRole;
  /** Only for sessions: the staff member's own address (shown back to them, never logged). */
  email?: string;
  /** Only for sessions: the hashed session id, to sign the CSRF token and to log out. */
  sessionHash?: string;
  /** Only for API tokens: the staff member who created it, whose current role and status it answers to. */
  ownerId?: string;
}

export const SYSTEM_ACTOR: StaffActor = { kind: 'system', id: null, role: 'admin' };
