import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { ForbiddenError, UnauthorizedError } from '@app/common';
import type { ApiTokensService, SessionsService, StaffActor, StaffRole } from '@app/staff';
import type { RallyConfig } from '@app/config';
import { StaffGuard } from './staff.guard';
import { strict } from '../../../../test/support/strict-fake';

function context(url: string, method = 'GET', headers: Record<string, string> = {}): { ctx: ExecutionContext; req: any } {
  const req = { method, url, routeOptions: { url }, headers, protocol: 'http' };
  const ctx = {
    getType: () => 'http',
    getHandler: () => () => undefined,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

function guard(role: StaffRole | undefined, actor: StaffActor | null) {
  const reflector = strict<Reflector>({ getAllAndOverride: (() => role) as any });
  const sessions = strict<SessionsService>({ resolve: async () => actor, checkCsrf: (_a: StaffActor, t?: string) => t === 'good' });
  const tokens = strict<ApiTokensService>({ resolve: async () => actor });
  return new StaffGuard(reflector, sessions, tokens, { PUBLIC_URL: 'http://localhost:3000' } as RallyConfig);
}

const admin: StaffActor = { kind: 'staff', id: 'u1', role: 'admin', sessionHash: 'h' };
const viewer: StaffActor = { kind: 'staff', id: 'u2', role: 'viewer', sessionHash: 'h' };

describe('StaffGuard', () => {
  it('lets public routes through without looking for credentials', async () => {
    // The fakes would throw if the guard tried to authenticate.
    const g = new StaffGuard(strict<Reflector>({ getAllAndOverride: (() => undefined) as any }), strict({}), strict({}), {} as RallyConfig);
    await expect(g.canActivate(context('/api/campaigns').ctx)).resolves.toBe(true);
  });

  it('denies an admin route that declares no role, even to an admin (default deny)', async () => {
    await expect(guard(undefined, null).canActivate(context('/api/admin/forgotten').ctx)).rejects.toBeInstanceOf(UnauthorizedError);
    const { ctx } = context('/api/admin/forgotten', 'GET', { cookie: 'rally_session=abcdefghijklmnopqrstuvwxyz' });
    await expect(guard(undefined, admin).canActivate(ctx)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('checks the role, then sets the actor on the request', async () => {
    const cookie = { cookie: 'rally_session=abcdefghijklmnopqrstuvwxyz' };
    await expect(guard('editor', viewer).canActivate(context('/api/admin/campaigns', 'GET', cookie).ctx)).rejects.toBeInstanceOf(ForbiddenError);
    const { ctx, req } = context('/api/admin/campaigns', 'GET', cookie);
    await expect(guard('viewer', viewer).canActivate(ctx)).resolves.toBe(true);
    expect(req.staff).toBe(viewer);
  });

  it('requires the CSRF token for cookie-session writes but not for API tokens', async () => {
    const cookie = { cookie: 'rally_session=abcdefghijklmnopqrstuvwxyz' };
    await expect(guard('editor', admin).canActivate(context('/api/admin/campaigns', 'POST', cookie).ctx)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(guard('editor', admin).canActivate(context('/api/admin/campaigns', 'POST', { ...cookie, 'x-csrf-token': 'good' }).ctx)).resolves.toBe(true);
    const token: StaffActor = { kind: 'token', id: 't1', role: 'editor' };
    await expect(guard('editor', token).canActivate(context('/api/admin/campaigns', 'POST', { authorization: 'Bearer rally_x' }).ctx)).resolves.toBe(true);
  });
});
