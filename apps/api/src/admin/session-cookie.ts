import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one cookie Rally sets. Read and written here rather than with @fastify/cookie: that plugin
 * loads the ESM-only `cookie` package through a dynamic import, which jest's CommonJS runtime
 * cannot run, and a single fixed-format cookie needs no general parser.
 */
export const SESSION_COOKIE = 'rally_session';

export function readSessionCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface SessionCookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

/** httpOnly (no script can read it), SameSite=Lax (not sent on cross-site POSTs), Secure on https. */
export function setSessionCookie(reply: FastifyReply, value: string, opts: SessionCookieOptions): void {
  const attrs = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${opts.maxAgeSeconds}`];
  if (opts.secure) attrs.push('Secure');
  reply.header('set-cookie', attrs.join('; '));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  setSessionCookie(reply, '', { secure, maxAgeSeconds: 0 });
}
