import { Controller, Get, HttpCode, OnModuleInit, Param, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '@app/common';
import { UnsubscribeService } from '@app/mail';
import { PageContextFactory } from '../web/page-context';
import { unsubscribePage } from '../web/views/pages';

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
    private readonly pages: PageContextFactory,
  ) {}

  /** The public page layout (hotline, Quick Exit) in the visitor's language; never indexed. */
  private send(req: FastifyRequest, reply: FastifyReply, status: number, state: 'ask' | 'done' | 'invalid', token = '') {
    const page = unsubscribePage(this.pages.fromRequest(req), state, `/unsubscribe/${encodeURIComponent(token)}`);
    return reply.status(status).header('x-robots-tag', 'noindex').header('vary', 'Accept-Language, Cookie').type('text/html; charset=utf-8').send(page.value);
  }

  onModuleInit(): void {
    ensureFormParsers(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Get(':token')
  @ApiOperation({ summary: 'Page with a button that unsubscribes the address the link was sent to (404 for an unknown link)' })
  async show(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const known = await this.unsubscribes.exists(token);
    reply.header('cache-control', 'no-store');
    return this.send(req, reply, known ? 200 : 404, known ? 'ask' : 'invalid', token);
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
        return this.send(req, reply, 404, 'invalid');
      }
      throw err;
    }
    if (wantsHtml(req)) {
      return this.send(req, reply, 200, 'done');
    }
    return reply.send({ status: 'unsubscribed' });
  }
}
