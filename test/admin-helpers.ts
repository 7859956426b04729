import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApiApp, shutdownApi } from '../apps/api/src/bootstrap';
import { StaffRole, StaffUsersService } from '../libs/staff/src';
import { createTestEnv, TestEnv } from './support/env';

export interface StaffSession {
  cookie: string;
  csrf: string;
}

export interface AdminTestApi {
  app: NestFastifyApplication;
  url: string;
  ds: DataSource;
  env: TestEnv;
  /** Every route Fastify registered (method and URL pattern), captured as the app started. */
  routes: Array<{ method: string; url: string }>;
  createStaff(email: string, password: string, role: StaffRole): Promise<string>;
  login(email: string, password: string): Promise<StaffSession>;
  call(method: string, path: string, opts?: CallOptions): Promise<{ status: number; headers: Headers; json: any; text: string }>;
  close(): Promise<void>;
}

export interface CallOptions {
  session?: StaffSession;
  /** Leave out the session's CSRF token (to test that it is required). */
  noCsrf?: boolean;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The real API on a free port, recording its route table, with helpers to act as staff. */
export async function startAdminApi(overrides: Record<string, string> = {}, existing?: TestEnv): Promise<AdminTestApi> {
  const env = existing ?? (await createTestEnv());
  const app = await createApiApp(env.config({ STAFF_LOGIN_MAX_PER_IP: '1000', ...overrides }));
  const routes: Array<{ method: string; url: string }> = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (r: { method: string | string[]; url: string }) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url });
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const call: AdminTestApi['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.session) {
      headers.cookie = opts.session.cookie;
      if (!opts.noCsrf) headers['x-csrf-token'] = opts.session.csrf;
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };

  return {
    app,
    url,
    ds: app.get(DataSource),
    env,
    routes,
    call,
    createStaff: async (email, password, role) => (await app.get(StaffUsersService).create({ email, password, role }, { kind: 'cli', id: null, role: 'admin' })).id,
    login: async (email, password) => {
      const res = await call('POST', '/api/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      return { cookie, csrf: res.json.csrfToken };
    },
    close: async () => {
      await shutdownApi(app);
      if (!existing) await env.drop();
    },
  };
}

/**
 * One staff member of each role, signed in: `admin@example.org` (or `adminEmail`, as typed at
 * creation), `editor@example.org` and `viewer@example.org`, all with `password`.
 */
export async function staffTeam(
  api: AdminTestApi,
  password: string,
  adminEmail = 'admin@example.org',
): Promise<{ admin: StaffSession; editor: StaffSession; viewer: StaffSession }> {
  await api.createStaff(adminEmail, password, 'admin');
  await api.createStaff('editor@example.org', password, 'editor');
  await api.createStaff('viewer@example.org', password, 'viewer');
  const [admin, editor, viewer] = await Promise.all([
    api.login('admin@example.org', password),
    api.login('editor@example.org', password),
    api.login('viewer@example.org', password),
  ]);
  return { admin, editor, viewer };
}
