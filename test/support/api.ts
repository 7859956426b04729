import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApiApp, shutdownApi } from '../../apps/api/src/bootstrap';
import { createTestEnv, TestEnv } from './env';

export interface TestApi {
  app: NestFastifyApplication;
  url: string;
  ds: DataSource;
  env: TestEnv;
  close(): Promise<void>;
}

/** Boots the real API (Fastify, Postgres, Redis) on a free port against a fresh database. */
export async function startTestApi(overrides: Record<string, string> = {}, existing?: TestEnv): Promise<TestApi> {
  const env = existing ?? (await createTestEnv());
  const app = await createApiApp(env.config(overrides));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    env,
    ds: app.get(DataSource),
    close: async () => {
      await shutdownApi(app);
      if (!existing) await env.drop();
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => undefined)) as any };
}

/** The id of a seeded action by its slug. */
export async function actionId(ds: DataSource, slug: string): Promise<string> {
  const [row] = await ds.query('SELECT id FROM actions WHERE slug = $1', [slug]);
  if (!row) throw new Error(`no action ${slug}`);
  return row.id;
}

export function supporter(i: number | string, extra: Record<string, unknown> = {}) {
  return { email: `supporter${i}@example.org`, givenName: 'Test', familyName: `Supporter ${i}`, zip: '05401', ...extra };
}
