import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, problem, ProblemBody, rootLogger } from '@app/common';
import { isDatabaseUnavailable } from '@app/database';

const log = rootLogger().child({ context: 'ProblemFilter' });

/** Plain words for Fastify's own 4xx refusals (they never echo the request back). */
const FRAMEWORK_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json (or a form from the web pages).',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty.',
  FST_ERR_MAX_PARAM_LENGTH: 'A part of the address is too long.',
  FST_ERR_BAD_URL: 'The address is not valid.',
};

/** Turns any error into an application/problem+json answer. */
export function toProblem(err: unknown): { body: ProblemBody; headers?: Record<string, string> } {
  if (err instanceof DomainError) return { body: problem(err.status, err.message, err.errors), headers: err.headers };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse() as { message?: unknown; errors?: ProblemBody['errors'] } | string;
    const detail = typeof res === 'string' ? res : Array.isArray(res.message) ? res.message.join('; ') : String(res.message ?? err.message);
    return { body: problem(status, detail, typeof res === 'object' ? res.errors : undefined) };
  }
  const fastifyErr = err as { statusCode?: number; code?: string; message?: string };
  if (fastifyErr?.statusCode && fastifyErr.statusCode >= 400 && fastifyErr.statusCode < 500) {
    const detail =
      FRAMEWORK_DETAILS[fastifyErr.code ?? ''] ??
      (fastifyErr.statusCode === 400 ? 'The request body is not valid JSON.' : (fastifyErr.message ?? 'Bad request'));
    return { body: problem(fastifyErr.statusCode, detail) };
  }
  // Postgres unreachable, overloaded or not answering: the client should retry, not see a 500.
  if (isDatabaseUnavailable(err)) {
    log.warn({ err: (err as Error).message }, 'database unavailable');
    return { body: problem(503, 'The service is briefly unavailable. Please try again in a few seconds.'), headers: { 'retry-after': '5' } };
  }
  log.error({ err }, 'unhandled error');
  return { body: problem(500, 'Something went wrong on our side. Nothing you sent was lost; please try again.') };
}

export function sendProblem(reply: FastifyReply, err: unknown): void {
  const { body, headers } = toProblem(err);
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  reply.status(body.status).type('application/problem+json').send(body);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    // Health checks answer with their own JSON report, also when red.
    const res = err instanceof HttpException ? err.getResponse() : undefined;
    if (res && typeof res === 'object' && 'details' in res) {
      reply.status((err as HttpException).getStatus()).header('retry-after', '5').send(res);
      return;
    }
    sendProblem(reply, err);
  }
}
