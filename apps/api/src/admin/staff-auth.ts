import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '@app/common';
import { ApiTokensService, SessionsService, StaffActor } from '@app/staff';
import { readSessionCookie } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication shared by the Nest guard and the Bull Board hook: an `Authorization: Bearer`
 * API token, or the `rally_session` cookie. A bearer header that does not resolve is refused
 * outright rather than falling back to the cookie.
 */
export async function authenticate(req: FastifyRequest, sessions: SessionsService, tokens: ApiTokensService): Promise<StaffActor> {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const actor = m ? await tokens.resolve(m[1]) : null;
    if (!actor) throw new UnauthorizedError('The API token is not valid or has been revoked.');
    return actor;
  }
  const cookie = readSessionCookie(req);
  const actor = cookie ? await sessions.resolve(cookie) : null;
  if (!actor) throw new UnauthorizedError('Log in as staff first (POST /api/auth/login).');
  return actor;
}

/**
 * Cookie-authenticated writes must come from Rally's own pages: the Origin (when the browser
 * sends one) must be ours, and the per-session CSRF token must be in X-CSRF-Token. API-token
 * requests are exempt: a browser never attaches a bearer token by itself.
 */
export function assertCsrf(req: FastifyRequest, actor: StaffActor, sessions: SessionsService, publicUrl: string): void {
  if (actor.kind !== 'staff' || SAFE_METHODS.has(req.method)) return;
  assertSameOrigin(req, publicUrl);
  const header = req.headers['x-csrf-token'];
  if (!sessions.checkCsrf(actor, Array.isArray(header) ? header[0] : header)) {
    throw new ForbiddenError('Missing or wrong X-CSRF-Token header (take it from POST /api/auth/login or GET /api/auth/me).');
  }
}

export function assertSameOrigin(req: FastifyRequest, publicUrl: string): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new ForbiddenError('Cross-site requests are not accepted here.');
  const origin = req.headers.origin;
  if (!origin) return;
  const allowed = new Set([new URL(publicUrl).origin, `${req.protocol}://${req.headers.host}`]);
  if (!allowed.has(origin)) throw new ForbiddenError('Requests from other origins are not accepted here.');
}
