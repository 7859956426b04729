import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnprocessableError } from '@app/common';
import { sendProblem } from './problem.filter';

/**
 * A control character in a request target, as sent or %-encoded (%00-%1F, %7F). Decoding never
 * makes one out of anything else (UTF-8 continuation bytes are 0x80 and up), so one test of the
 * raw URL covers every decoded path and query parameter.
 */
const IN_URL = /%(?:[01][0-9a-f]|7f)|[\u0000-\u001f\u007f]/i;

/**
 * Route config (`@RouteConfig({ [REDIRECT_QUERY]: 'next' })`) naming the query parameter that
 * holds a redirect target: safeRedirectPath sends a bad one to `/` rather than a 422 refusing the
 * whole request (a language switch still switches).
 */
export const REDIRECT_QUERY = 'redirectQuery';

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The field a 422 names for a URL with a control character: `path`, or the query parameter's name; undefined when only the route's redirect parameter has one. */
export function controlCharacterField(url: string, redirectParam?: string): string | undefined {
  if (!IN_URL.test(url)) return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (IN_URL.test(path)) return 'path';
  for (const pair of url.slice(q + 1).split('&')) {
    if (!IN_URL.test(pair)) continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (IN_URL.test(name)) return 'query';
    const decoded = safeDecode(name)?.slice(0, 64) || 'query';
    if (decoded !== redirectParam) return decoded;
  }
  return undefined;
}

/**
 * Refuses, before routing reaches a controller, any request whose path or query holds a control
 * character (NUL included): 422 problem+json naming the part, never a 500 from the database.
 * Bodies are checked by the shared validation (validationPipe).
 */
export function refuseControlCharactersInUrl(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req: FastifyRequest, reply, done) => {
    if (!IN_URL.test(req.url)) return done();
    const redirectParam = (req.routeOptions?.config as unknown as Record<string, unknown> | undefined)?.[REDIRECT_QUERY];
    const field = controlCharacterField(req.url, typeof redirectParam === 'string' ? redirectParam : undefined);
    if (field === undefined) return done();
    sendProblem(reply, new UnprocessableError('The address must not contain control characters.', [{ field, message: `${field} must not contain control characters` }]));
  });
}
