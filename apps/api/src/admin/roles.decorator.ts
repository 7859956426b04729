import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { StaffActor, StaffRole } from '@app/staff';
import { SESSION_COOKIE } from './session-cookie';

export const ROLE_KEY = 'rally:staff-role';

/**
 * The least role a route needs. Every route under /api/admin/ must carry one: the global
 * StaffGuard refuses admin routes without it (default deny). The role is also written into the
 * OpenAPI document as `x-rally-role`, which the route-table test reads.
 */
export function Roles(role: StaffRole) {
  return applyDecorators(
    SetMetadata(ROLE_KEY, role),
    ApiExtension('x-rally-role', role),
    ApiCookieAuth(SESSION_COOKIE),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No staff session or API token' }),
    ApiForbiddenResponse({ description: `Needs the ${role} role (or a missing X-CSRF-Token on a cookie-session write)` }),
  );
}

/** The authenticated staff member or integration, set by StaffGuard. */
export const CurrentStaff = createParamDecorator((_data: unknown, ctx: ExecutionContext): StaffActor => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  return req.staff!;
});

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffActor;
  }
}
