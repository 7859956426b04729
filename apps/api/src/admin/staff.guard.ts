import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { ForbiddenError } from '@app/common';
import { ApiTokensService, roleAllows, SessionsService, StaffRole } from '@app/staff';
import { ROLE_KEY } from './roles.decorator';
import { assertCsrf, authenticate } from './staff-auth';

export const ADMIN_PREFIX = '/api/admin';

/**
 * Global guard (APP_GUARD). Routes with @Roles need a staff session or API token with at least
 * that role. Default deny: a route under /api/admin/ that forgot @Roles answers 401 without
 * credentials and 403 with any, so a new admin route can never be public by accident.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<StaffRole | undefined>(ROLE_KEY, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const path = req.routeOptions?.url ?? req.url;
    const adminPath = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
    if (!required && !adminPath) return true;

    const actor = await authenticate(req, this.sessions, this.tokens);
    assertCsrf(req, actor, this.sessions, this.cfg.PUBLIC_URL);
    if (!required) throw new ForbiddenError('This admin route declares no role, so nobody may use it.');
    if (!roleAllows(actor.role, required)) throw new ForbiddenError(`This needs the ${required} role; you have ${actor.role}.`);
    req.staff = actor;
    return true;
  }
}
