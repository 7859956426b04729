import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { ForbiddenError } from '@app/common';
import { QueueService } from '@app/queue';
import { ApiTokensService, roleAllows, SessionsService } from '@app/staff';
import { sendProblem } from '../http/problem.filter';
import { assertSameOrigin, authenticate } from './staff-auth';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board (queue inspection UI) at /admin/queues, for admins only. It is a Fastify plugin,
 * outside Nest's guards, so an onRequest hook in its own scope applies the same authentication;
 * its writes (retry, clean) must come from our own origin. Its UI uses inline styles, so the
 * CSP is relaxed for styles on these pages only.
 */
export function mountBullBoard(app: NestFastifyApplication): void {
  const queues = app.get(QueueService);
  const sessions = app.get(SessionsService);
  const tokens = app.get(ApiTokensService);
  const cfg = app.get<RallyConfig>(RALLY_CONFIG);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queues.delivery), new BullMQAdapter(queues.maintenance)],
    serverAdapter: serverAdapter as never,
    options: { uiConfig: { boardTitle: 'Rally queues' } },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Not awaited: the plugin loads when the server starts, after every onRoute hook is in place
  // (the route-table test sees Bull Board's routes that way).
  void fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const actor = await authenticate(req, sessions, tokens);
        if (!roleAllows(actor.role, 'admin')) throw new ForbiddenError('The queue dashboard is for admins.');
        if (actor.kind === 'staff' && !['GET', 'HEAD'].includes(req.method)) {
          // Bull Board's own UI cannot send our CSRF header; its writes are accepted from our origin only.
          if (!req.headers.origin) throw new ForbiddenError('Queue changes must come from the dashboard itself.');
          assertSameOrigin(req, cfg.PUBLIC_URL);
        }
      } catch (err) {
        sendProblem(reply, err);
        return reply;
      }
    });
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'",
      );
      return payload;
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_PATH });
  });
}
