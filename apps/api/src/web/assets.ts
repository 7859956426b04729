import { Controller, Get, Headers, Injectable, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NotFoundError } from '@app/common';

interface Asset {
  url: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };
const FILES = ['site.css', 'site.js', 'admin.js', 'admin.css'];

/**
 * The pages' CSS and JS, read once at start-up and served under a content-hashed name, so they
 * can be cached for a year and a deploy changes the URL. Self-hosted: the CSP allows 'self' only.
 */
@Injectable()
export class AssetsService {
  private readonly byUrl = new Map<string, Asset>();
  private readonly byName = new Map<string, Asset>();

  constructor() {
    for (const name of FILES) {
      const body = readFileSync(join(__dirname, 'assets', name));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
      const [base, ext] = name.split('.');
      const asset = { url: `/assets/${base}.${hash}.${ext}`, type: TYPES[ext], body, gzip: gzipSync(body, { level: 9 }) };
      this.byUrl.set(asset.url, asset);
      this.byName.set(name, asset);
    }
  }

  url(name: string): string {
    const asset = this.byName.get(name);
    if (!asset) throw new Error(`unknown asset ${name}`);
    return asset.url;
  }

  get(path: string): Asset | undefined {
    return this.byUrl.get(path);
  }
}

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get(':file')
  serve(@Param('file') file: string, @Headers('accept-encoding') acceptEncoding: string | undefined, @Res() reply: FastifyReply) {
    const asset = this.assets.get(`/assets/${file}`);
    if (!asset) throw new NotFoundError('No such asset.');
    const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
    reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'Accept-Encoding');
    if (gzip) reply.header('content-encoding', 'gzip');
    reply.send(gzip ? asset.gzip : asset.body);
  }
}
