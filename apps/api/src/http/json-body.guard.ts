import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/common';

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
}

/** JSON API writes take application/json only (forms go to the web pages' own routes). Runs before validation. */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (!/^application\/(.+\+)?json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new UnsupportedMediaTypeError('Send the body as application/json.');
    }
    return true;
  }
}
