import { Controller, Get, HttpCode, OnModuleInit, Param, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '@app/common';
import { escapeHtml, UnsubscribeService } from '@app/mail';

/**
 * RFC 8058 one-click unsubscribe posts `List-Unsubscribe=One-Click` as a form. The body carries
 * nothing we need, but Fastify refuses a media type it has no parser for; so a form parser is
 * added unless the web pages registered one already (e.g. @fastify/formbody).
 */
export function ensureFormParsers(fastify: FastifyInstance): void {
  const asFields = (_req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) =>
    done(null, Object.fromEntries(new URLSearchParams(body)));
  if (!fastify.hasContentTypeParser('application/x-www-form-urlencoded')) {
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, asFields);
  }
  if (!fastify.hasContentTypeParser('multipart/form-data')) {
    // Only one-click unsubscribes send multipart here; the fields are not read, so keep the raw text.
    fastify.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_r, body, done) => done(null, body));
  }
}

function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="robots" content="noindex">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<main>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</main>\n</body>\n</html>\n`
  );
}

const wantsHtml = (req: FastifyRequest) => /text\/html/i.test(req.headers.accept ?? '');

/**
 * Unsubscribe links in supporter emails. GET only shows a button (mail scanners open every
 * link and must not unsubscribe anyone); POST unsubscribes, both from that button and from a
 * mail client's one-click List-Unsubscribe-Post.
 */
@ApiTags('public')
@Controller('unsubscribe')
export class UnsubscribeController implements OnModuleInit {
  constructor(
    private readonly unsubscribes: UnsubscribeService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    ensureFormParsers(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Get(':token')
  @ApiOperation({ summary: 'Page with a button that unsubscribes the address the link was sent to (404 for an unknown link)' })
  async show(@Param('token') token: string, @Res() reply: FastifyReply) {
    const known = await this.unsubscribes.exists(token);
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    if (!known) {
      return reply.status(404).send(page('Link not valid', '<p>This unsubscribe link is not valid. It may have been mistyped.</p>'));
    }
    return reply.send(
      page(
        'Unsubscribe',
        '<p>Press the button to stop all emails from Rally to this address, except a confirmation you ask for yourself.</p>\n' +
          `<form method="post" action="/unsubscribe/${escapeHtml(encodeURIComponent(token))}">\n` +
          '<input type="hidden" name="List-Unsubscribe" value="One-Click">\n<button type="submit">Unsubscribe</button>\n</form>',
      ),
    );
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsubscribe (RFC 8058 one-click: form body `List-Unsubscribe=One-Click`; any body is accepted)',
    description: 'Idempotent. 404 for an unknown link.',
  })
  async unsubscribe(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    try {
      await this.unsubscribes.unsubscribe(token);
    } catch (err) {
      if (err instanceof NotFoundError && wantsHtml(req)) {
        return reply.status(404).type('text/html; charset=utf-8').send(page('Link not valid', `<p>${escapeHtml(err.message)}</p>`));
      }
      throw err;
    }
    if (wantsHtml(req)) {
      return reply.type('text/html; charset=utf-8').send(page('You are unsubscribed', '<p>You will not receive any more emails from Rally at this address.</p>'));
    }
    return reply.send({ status: 'unsubscribed' });
  }
}
