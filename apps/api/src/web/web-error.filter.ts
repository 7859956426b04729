import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from '../http/problem.filter';
import { PageContextFactory } from './page-context';
import { messagePage } from './views/pages';
import { sendPage } from './send-page';

/** Errors on the web pages answer with a page in the visitor's language, not problem+json. */
@Catch()
@Injectable()
export class WebErrorFilter implements ExceptionFilter {
  constructor(private readonly pages: PageContextFactory) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const req = http.getRequest<FastifyRequest>();
    if (reply.sent) return;
    const { body, headers } = toProblem(err);
    const ctx = this.pages.fromRequest(req);
    const { t } = ctx;
    const [title, text] =
      body.status === 404
        ? [t.notFoundTitle, t.notFoundBody]
        : body.status === 409
          ? [t.closedTitle, t.actionClosed]
          : body.status === 429
            ? [t.tooManyTitle, t.tooManyBody]
            : body.status >= 500
              ? [t.errorTitle, t.errorBody]
              : [t.errorTitle, t.err_form];
    if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    sendPage(reply, body.status, messagePage(ctx, title, text));
  }
}
