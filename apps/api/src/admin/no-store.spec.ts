import type { FastifyRequest } from 'fastify';
import { isStaffPath } from './no-store';

const req = (url: string, route?: string) => ({ url, routeOptions: { url: route } }) as unknown as FastifyRequest;

describe('isStaffPath', () => {
  it('covers the admin API, staff auth, the console and Bull Board, matched or not', () => {
    for (const url of ['/api/admin', '/api/admin/users', '/api/admin/nope?x=1', '/api/auth/login', '/api/auth/me', '/admin', '/admin?x', '/admin/queues/static/x.js', '/api/%61dmin/users']) {
      expect([url, isStaffPath(req(url))]).toEqual([url, true]);
    }
    expect(isStaffPath(req('/api/x/../admin/users', '/api/admin/users'))).toBe(true);
  });

  it('leaves public pages and look-alike paths alone', () => {
    for (const url of ['/', '/api/campaigns', '/api/administrivia', '/administrators', '/es/', '/assets/admin.js', '/api/stats?x=/api/admin', '/%E0%A4%A']) {
      expect([url, isStaffPath(req(url))]).toEqual([url, false]);
    }
  });
});
