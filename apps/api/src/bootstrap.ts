import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RallyConfig } from '@app/config';
import { PinoNestLogger, rootLogger } from '@app/common';
import { StatsBroadcaster } from '@app/counters';
import { migrateOnStart } from '../../shared/src/migrate';
import { AppModule } from './app.module';
import { refuseControlCharactersInUrl } from './http/control-characters';
import { sendProblem } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { securityHeaders } from './http/security-headers';
import { mountBullBoard } from './admin/bull-board';
import { registerStaffNoStore } from './admin/no-store';

/** Largest request body accepted (a letter of 16 KiB in multi-byte characters fits). */
export const BODY_LIMIT = 64 * 1024;

/**
 * X-Forwarded-For is believed only when TRUST_PROXY says so: otherwise anyone could pick the IP
 * the rate limits see. `true`, a hop count, or a list of proxy addresses/CIDRs.
 */
export function trustProxySetting(value: string | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    // Trust the first N hops (what Fastify does with a number, which its types no longer take).
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/**
 * Builds the API application (used by main.ts, tests and benchmarks). Migrations and seed
 * run first, under an advisory lock, when the config asks for them.
 */
export async function createApiApp(config: RallyConfig): Promise<NestFastifyApplication> {
  const log = rootLogger(config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxySetting(config.TRUST_PROXY ?? process.env.TRUST_PROXY),
    logger: false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Router-level refusals (a malformed %-escape, a path parameter over 100 characters) are
    // answered by Fastify itself in plain JSON unless handed to us: keep them problem+json.
    frameworkErrors: (err: Error, _req: unknown, reply: FastifyReply) => sendProblem(reply, err),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(log),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  // HTML form posts need no plugin of ours: Nest's Fastify adapter registers the
  // application/x-www-form-urlencoded parser at init (fast-querystring, the parser
  // @fastify/formbody wraps; registering that plugin too would collide with it). Capped by
  // BODY_LIMIT (413); a repeated field becomes an array, which the DTO validation rejects; the
  // JSON API answers form posts 415.
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  registerStaffNoStore(fastify);
  refuseControlCharactersInUrl(fastify);
  // The admin-only queue dashboard at /admin/queues (behind the staff session).
  await mountBullBoard(app);
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    const fields = { method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) log.error(fields, 'request failed');
    else log.debug(fields, 'request');
    done();
  });
  app.useGlobalPipes(validationPipe());

  const docs = new DocumentBuilder()
    .setTitle('Rally API')
    .setDescription('Advocacy actions, petitions and letters to representatives. Errors are application/problem+json.')
    .setVersion('1.0')
    // Staff: the rally_session cookie from POST /api/auth/login, or an API token as a bearer token.
    .addCookieAuth('rally_session', { type: 'apiKey', in: 'cookie', name: 'rally_session' }, 'rally_session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token from POST /api/admin/tokens' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs), { jsonDocumentUrl: 'api/docs-json' });

  await migrateOnStart(app, config);
  return app;
}

/** Stops taking requests, closes SSE streams, lets in-flight requests finish, then closes pools. */
export async function shutdownApi(app: NestFastifyApplication): Promise<void> {
  app.get(StatsBroadcaster).closeAll();
  await app.close();
}
