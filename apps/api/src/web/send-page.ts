import type { FastifyReply } from 'fastify';
import type { Html } from './html';

/**
 * Sends a rendered page. `no-store`: a page must not come back from the cache or the back/forward
 * cache after Quick Exit; and pages differ by language (cookie or Accept-Language).
 */
export function sendPage(reply: FastifyReply, status: number, page: Html): void {
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'Accept-Language, Cookie')
    .send(page.value);
}
