import type { FastifyInstance } from 'fastify';

/**
 * Lets Fastify read HTML form posts (application/x-www-form-urlencoded) for the web pages' own
 * routes. The JSON API still refuses them (JsonBodyGuard answers 415). Body size is capped by
 * the server's bodyLimit like any other body. A repeated field becomes an array, which the
 * DTO validation then rejects.
 */
export function registerFormBodyParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [k, v] of new URLSearchParams(body as string)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, { ...out });
  });
}
