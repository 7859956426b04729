import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Everything staff see: the admin API, login/logout/me, the console pages and Bull Board. */
const STAFF_PATH = /^\/(?:api\/(?:admin|auth)|admin)(?:\/|$)/;

function requestPath(req: FastifyRequest): string {
  // The matched route pattern when there is one (what the router saw after decoding), else the raw path.
  if (req.routeOptions?.url) return req.routeOptions.url;
  const raw = req.url.split(/[?#]/, 1)[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function isStaffPath(req: FastifyRequest): boolean {
  return STAFF_PATH.test(requestPath(req));
}

/**
 * `Cache-Control: no-store` on every staff answer (success, error, 404, JSON, CSV, HTML), set in
 * one onSend hook so that no controller, guard refusal or plugin (Bull Board's static files) can
 * leave personal data or session details in a browser or proxy cache. onSend runs last, after
 * anything a handler set.
 */
export function registerStaffNoStore(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (isStaffPath(req)) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
