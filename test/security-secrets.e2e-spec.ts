import { createHash, createHmac, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageRenderService } from '@app/letters';
import { createDataSource } from '@app/database';
import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { LinkTokenNonce1764000007000 } from '../libs/database/src/migrations/1764000007000-LinkTokenNonce';
import { createTestDatabase } from '../libs/database/src/testing';
import { actionId, getJson, postJson, startTestApi, supporter, TestApi } from './support/api';
import { createTestEnv, TestEnv } from './support/env';
import { startTestSmtp, TestSmtp } from './support/smtp';
import { eventually } from './support/eventually';

const root = join(__dirname, '..');

/** A link token the way Rally made them before per-row nonces: HMAC(APP_SECRET, `<purpose>:<id>`). */
const idOnlyToken = (secret: string, purpose: 'confirm' | 'unsubscribe', id: string | number) =>
  createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

describe('start-up with a missing, short or published APP_SECRET', () => {
  const built = existsSync(join(root, 'dist/apps/api/src/main.js'));
  // Unreachable on purpose: a process that wrongly accepts the secret fails fast instead of serving.
  const base = { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://rally:hunter2@127.0.0.1:1/rally', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'fatal' };
  const run = (app: 'api' | 'worker', env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [`dist/apps/${app}/src/main.js`], { cwd: root, env: { ...base, ...env }, encoding: 'utf8', timeout: 20000 });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it.each([
    ['production without a secret', { NODE_ENV: 'production' }],
    ['production with a short secret', { NODE_ENV: 'production', APP_SECRET: 'hunter2-hunter2-hunter2' }],
    ['production with the old development default', { NODE_ENV: 'production', APP_SECRET: 'rally-development-secret-not-for-production-use' }],
    ['production with the docker-compose placeholder', { NODE_ENV: 'production', APP_SECRET: 'change-me-to-32-or-more-random-characters' }],
    ['development without a secret or the opt-in', { NODE_ENV: 'development' }],
    ['no NODE_ENV and no secret', {}],
  ])('%s: the API exits with one line naming APP_SECRET, echoing nothing', (_label, env: Record<string, string>) => {
    if (!built) return; // npm test builds dist/ first
    const { status, out } = run('api', env);
    expect(status).toBe(2);
    expect(out.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: APP_SECRET /)]);
    expect(out).not.toContain('hunter2');
    if (env.APP_SECRET) expect(out).not.toContain(env.APP_SECRET);
  });

  it('the worker refuses the docker-compose placeholder too', () => {
    if (!built) return;
    const { status, out } = run('worker', { NODE_ENV: 'production', APP_SECRET: 'change-me-to-32-or-more-random-characters' });
    expect(status).toBe(2);
    expect(out.trim()).toMatch(/^Invalid configuration: APP_SECRET [^\n]*$/);
    expect(out).not.toContain('change-me-to');
  });
});

describe('email link tokens cannot be computed from the secret and the ids', () => {
  const SECRET = randomBytes(32).toString('base64url');
  let env: TestEnv;
  let smtp: TestSmtp;
  let api: TestApi;
  let worker: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    env = await createTestEnv();
    const overrides = { APP_SECRET: SECRET, SMTP_URL: smtp.url, PUBLIC_URL: 'https://rally.example', OUTBOX_SWEEP_MS: '0', WORKER_CONCURRENCY: '5' };
    worker = await createWorkerApp(env.config(overrides));
    api = await startTestApi(overrides, env);
    ds = api.ds;
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.drop();
    await smtp?.close();
  });

  const mailTo = (email: string) => eventually(() => smtp.messages.find((m) => m.to.includes(email)), `mail to ${email}`);
  const count = async (id: string) => (await getJson(`${api.url}/api/actions/${id}`)).json.count as number;
  const submissionOf = async (email: string) =>
    (
      await ds.query(
        `SELECT s.id::text, s.status, s.confirm_token_hash FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = $1`,
        [email],
      )
    )[0] as { id: string; status: string; confirm_token_hash: string | null };

  it.each([
    ['pending (the action requires confirmation)', 'pending', 'signer@example.org'],
    ['held (a throwaway mailbox)', 'held', 'signer@mailinator.com'],
  ])('a %s signature is not counted by a token computed from its id, only by the emailed link', async (_label, status, email) => {
    const slug = status === 'pending' ? 'pledge-to-take-the-course' : 'pledge-to-learn-the-signs';
    if (status === 'pending') await ds.query(`UPDATE actions SET require_confirmation = true WHERE slug = $1`, [slug]);
    const action = await actionId(ds, slug);
    expect((await postJson(`${api.url}/api/actions/${action}/submissions`, supporter(status, { email }))).status).toBe(202);
    const mail = await mailTo(email);
    const link = mail.text.match(/https:\/\/rally\.example\/confirm\/([A-Za-z0-9_-]+)/)![1];
    const submission = await submissionOf(email);
    expect(submission.status).toBe(status);
    // What the database keeps is the hash of the emailed token, never the token.
    expect(submission.confirm_token_hash).toBe(sha256(link));
    const before = await count(action);

    // The attack from the review: the secret is known, the ids are sequential.
    for (const id of [Number(submission.id) - 1, submission.id, Number(submission.id) + 1]) {
      const forged = idOnlyToken(SECRET, 'confirm', id);
      expect((await postJson(`${api.url}/api/confirmations/${forged}`, {})).status).toBe(404);
      expect((await fetch(`${api.url}/confirm/${forged}`, { method: 'POST' })).status).toBe(404);
    }
    expect((await submissionOf(email)).status).toBe(status);
    expect(await count(action)).toBe(before);

    expect((await postJson(`${api.url}/api/confirmations/${link}`, {})).status).toBe(200);
    expect((await submissionOf(email)).status).toBe('counted');
    expect(await count(action)).toBe(before + 1);
  });

  it('a supporter is not unsubscribed by a token computed from a supporter id, only by the emailed link', async () => {
    const email = 'stays@example.org';
    const action = await actionId(ds, 'pledge-to-learn-the-signs');
    expect((await postJson(`${api.url}/api/actions/${action}/submissions`, supporter('stays', { email, emailOptIn: true }))).status).toBe(202);
    const mail = await mailTo(email);
    const link = mail.text.match(/https:\/\/rally\.example\/unsubscribe\/([A-Za-z0-9_-]+)/)![1];
    const supporters: Array<{ id: string }> = await ds.query(`SELECT id::text FROM supporters ORDER BY id`);
    expect(supporters.length).toBeGreaterThan(1);

    // "Supporter 1 unsubscribed": try every supporter in this database, the first one included.
    for (const { id } of supporters) {
      const forged = idOnlyToken(SECRET, 'unsubscribe', id);
      expect((await fetch(`${api.url}/unsubscribe/${forged}`, { method: 'POST' })).status).toBe(404);
    }
    const subscribed = await ds.query(`SELECT count(*)::int AS n FROM supporters WHERE unsubscribed_at IS NOT NULL`);
    expect(subscribed[0].n).toBe(0);
    const [still] = await ds.query(`SELECT unsubscribed_at, email_opt_in, unsubscribe_token_hash FROM supporters WHERE email_normalized = $1`, [email]);
    expect(still).toEqual({ unsubscribed_at: null, email_opt_in: true, unsubscribe_token_hash: sha256(link) });

    expect((await fetch(`${api.url}/unsubscribe/${link}`, { method: 'POST' })).status).toBe(200);
    const [after] = await ds.query(`SELECT unsubscribed_at, email_opt_in FROM supporters WHERE email_normalized = $1`, [email]);
    expect(after.unsubscribed_at).not.toBeNull();
    expect(after.email_opt_in).toBe(false);
  });

  it('re-rendering an email (a retry, a Redis flush) gives the same link', async () => {
    const email = 'again@example.org';
    await ds.query(`UPDATE actions SET require_confirmation = true WHERE slug = 'pledge-to-take-the-course'`);
    const action = await actionId(ds, 'pledge-to-take-the-course');
    expect((await postJson(`${api.url}/api/actions/${action}/submissions`, supporter('again', { email }))).status).toBe(202);
    const mail = await mailTo(email);
    const [row] = await ds.query(
      `SELECT m.id::text FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = $1 AND m.kind = 'confirmation'`,
      [email],
    );
    const rendered = (await worker.get(MessageRenderService).render(row.id))!;
    const link = (text: string) => text.match(/https:\/\/rally\.example\/confirm\/[A-Za-z0-9_-]+/)![0];
    expect(link(rendered.text)).toBe(link(mail.text));
  });
});

describe('migration 1764000007000-LinkTokenNonce', () => {
  it('gives every existing row its own nonce and forgets the hashes of id-only tokens', async () => {
    const db = await createTestDatabase();
    const ds = createDataSource({ url: db.url, poolSize: 2, applicationName: 'rally-test-link-nonce' });
    await ds.initialize();
    const migration = new LinkTokenNonce1764000007000();
    const qr = ds.createQueryRunner();
    try {
      // The database as it was before the migration, with links mailed the old way.
      await migration.down(qr);
      const [{ id: action }] = await ds.query(`SELECT id FROM actions ORDER BY slug LIMIT 1`);
      const people = await ds.query(
        `INSERT INTO supporters (email, email_normalized, given_name, family_name)
         SELECT 'p' || g || '@example.org', 'p' || g || '@example.org', 'P', 'Q' FROM generate_series(1, 3) g RETURNING id::text`,
      );
      for (const { id } of people) {
        const [{ id: sub }] = await ds.query(`INSERT INTO submissions (action_id, supporter_id, status) VALUES ($1, $2, 'pending') RETURNING id::text`, [action, id]);
        await ds.query(`UPDATE submissions SET confirm_token_hash = $1 WHERE id = $2`, [sha256(idOnlyToken('s'.repeat(32), 'confirm', sub)), sub]);
        await ds.query(`UPDATE supporters SET unsubscribe_token_hash = $1 WHERE id = $2`, [sha256(idOnlyToken('s'.repeat(32), 'unsubscribe', id)), id]);
      }

      await migration.up(qr);
      const subs = await ds.query(`SELECT link_nonce::text, confirm_token_hash FROM submissions`);
      const sups = await ds.query(`SELECT link_nonce::text, unsubscribe_token_hash FROM supporters`);
      expect(subs).toHaveLength(3);
      expect(subs.every((r: any) => r.confirm_token_hash === null)).toBe(true);
      expect(sups.every((r: any) => r.unsubscribe_token_hash === null)).toBe(true);
      const nonces = [...subs, ...sups].map((r: any) => r.link_nonce);
      expect(nonces.every((n: string) => /^[0-9a-f-]{36}$/.test(n))).toBe(true);
      expect(new Set(nonces).size).toBe(nonces.length);
    } finally {
      await qr.release();
      await ds.destroy();
      await db.drop();
    }
  });
});
