import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RetentionService } from '@app/abuse';
import { createTestEnv, TestEnv } from './support/env';
import { actionId, getJson, postJson, startTestApi, supporter, TestApi } from './support/api';
import { RallyProcess, startApiProcess, startWorkerProcess } from './support/processes';
import { startTestSmtp, TestSmtp } from './support/smtp';
import { AdminTestApi, startAdminApi } from './admin-helpers';

describe('privacy', () => {
  describe('logs of a real API and worker', () => {
    let env: TestEnv;
    let smtp: TestSmtp;
    let api: RallyProcess & { url: string };
    let worker: RallyProcess;
    const tag = randomBytes(3).toString('hex');
    const personal: string[] = [];

    beforeAll(async () => {
      smtp = await startTestSmtp();
      env = await createTestEnv();
      const vars = { SMTP_URL: smtp.url, LOG_LEVEL: 'debug', DELIVERY_BACKOFF_MS: '100', OUTBOX_SWEEP_MS: '0' };
      worker = await startWorkerProcess(env, vars);
      api = await startApiProcess(env, { ...vars, RATE_LIMITS: 'true', RATE_LIMIT_IP: '12/60', TRUST_PROXY: 'true' });
    });
    afterAll(async () => {
      await api?.stop();
      await worker?.stop();
      await env?.drop();
      await smtp?.close();
    });

    it('contain none of the emails, names, addresses or letter texts a run used, even for errors and refusals', async () => {
      const ds = new DataSource({ type: 'postgres', url: env.db.url });
      await ds.initialize();
      const [pledge, letter] = [await actionId(ds, 'pledge-to-learn-the-signs'), await actionId(ds, 'write-to-congress')];
      await ds.destroy();
      const send = (id: string, body: Record<string, unknown>, ip = '192.0.2.1') =>
        postJson(`${api.url}/api/actions/${id}/submissions`, body, { 'x-forwarded-for': ip });
      const person = (i: number) => {
        const p = {
          email: `privacy.${tag}.${i}@scan-${tag}.example`,
          givenName: `Given${tag}${i}`,
          familyName: `Family${tag}${i}`,
          zip: '05401',
        };
        personal.push(p.email, p.givenName, p.familyName);
        return p;
      };
      const address = `${tag} Secret Street 12, Burlington`;
      const message = `My private story ${tag}: please act.`;
      personal.push(address, message);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(pledge, person(i), `192.0.2.${i}`)).status);
      statuses.push((await send(letter, { ...person(10), address, message }, '192.0.2.20')).status);
      // A repeat, invalid fields, a closed door (429) and a bad token: error paths log too.
      statuses.push((await send(pledge, person(0), '192.0.2.0')).status);
      statuses.push((await send(pledge, { ...person(20), zip: `bad-${tag}` }, '192.0.2.30')).status);
      statuses.push((await send(pledge, { ...person(21), email: `not an email ${tag}@@x` }, '192.0.2.31')).status);
      for (let i = 0; i < 14; i++) statuses.push((await send(pledge, person(30 + i), '198.51.100.7')).status);
      statuses.push((await postJson(`${api.url}/api/confirmations/${'x'.repeat(30)}`, {})).status);
      expect(statuses).toContain(429);
      expect(statuses).toContain(422);
      // The worker sent the thank-you emails and the letters: its logs saw the addresses too.
      await smtp.waitForCount(8, 30000);
      const logs = api.output() + worker.output();
      expect(logs.length).toBeGreaterThan(500);
      const leaks = personal.filter((p) => logs.includes(p));
      expect(leaks).toEqual([]);
      // Not even the domain part of the addresses shows up.
      expect(logs.includes(`scan-${tag}.example`)).toBe(false);
      console.log(`privacy log scan: ${logs.split('\n').length} log lines, ${personal.length} personal values, 0 found`);
    });
  });

  describe('retention', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ RETENTION_DAYS: '90' });
    });
    afterAll(() => api?.close());

    it('clears addresses and letter texts 90 days after delivery, and keeps everything still needed', async () => {
      const letter = await actionId(api.ds, 'write-to-congress');
      const make = async (name: string, ageDays: number, letters: Array<{ status: string; finishedDaysAgo: number }>) => {
        const [{ id: sup }] = await api.ds.query(`INSERT INTO supporters (email, email_normalized) VALUES ($1, $1) RETURNING id`, [`${name}@ret.example`]);
        const [{ id }] = await api.ds.query(
          `INSERT INTO submissions (action_id, supporter_id, status, address, letter_text, created_at)
           VALUES ($1, $2, 'counted', '1 Main St', 'my words', now() - make_interval(days => $3)) RETURNING id`,
          [letter, sup, ageDays],
        );
        for (const l of letters) {
          await api.ds.query(
            `INSERT INTO messages (kind, action_id, submission_id, supporter_id, status, sent_at, updated_at)
             VALUES ('letter', $1, $2, $3, $4, CASE WHEN $4 = 'sent' THEN now() - make_interval(days => $5) END, now() - make_interval(days => $5))`,
            [letter, id, sup, l.status, l.finishedDaysAgo],
          );
        }
        return id as string;
      };
      const old = await make('old', 120, [{ status: 'sent', finishedDaysAgo: 100 }, { status: 'failed', finishedDaysAgo: 95 }]);
      const recentlySent = await make('recent', 120, [{ status: 'sent', finishedDaysAgo: 30 }]);
      const stillQueued = await make('queued', 200, [{ status: 'queued', finishedDaysAgo: 150 }]);
      const young = await make('young', 10, []);
      const neverConfirmed = await make('unconfirmed', 100, [{ status: 'awaiting_confirmation', finishedDaysAgo: 100 }]);

      const cleared = await api.app.get(RetentionService).apply();
      expect(cleared).toBe(2);
      const rows: Array<{ id: string; address: string | null; letter_text: string | null }> = await api.ds.query(
        `SELECT id::text, address, letter_text FROM submissions WHERE id = ANY($1::bigint[])`,
        [[old, recentlySent, stillQueued, young, neverConfirmed]],
      );
      const kept = (id: string) => rows.find((r) => r.id === String(id))!;
      expect(kept(old)).toMatchObject({ address: null, letter_text: null });
      expect(kept(neverConfirmed)).toMatchObject({ address: null, letter_text: null });
      for (const id of [recentlySent, stillQueued, young]) expect(kept(id)).toMatchObject({ address: '1 Main St', letter_text: 'my words' });
      // Idempotent: a second run finds nothing.
      expect(await api.app.get(RetentionService).apply()).toBe(0);
    });
  });

  describe('held submissions for staff', () => {
    let api: AdminTestApi;
    beforeAll(async () => {
      api = await startAdminApi();
      await api.createStaff('editor@held.example', 'correct horse battery', 'editor');
      await api.createStaff('viewer@held.example', 'correct horse battery', 'viewer');
    });
    afterAll(() => api?.close());

    it('lists held signatures without personal data, removes some in bulk and lets others count', async () => {
      const editor = await api.login('editor@held.example', 'correct horse battery');
      const viewer = await api.login('viewer@held.example', 'correct horse battery');
      const pledge = await actionId(api.ds, 'pledge-to-take-the-course');
      for (let i = 0; i < 3; i++) {
        expect((await postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter(`held${i}`, { email: `held${i}@yopmail.com` }))).status).toBe(202);
      }
      // A web form with its honeypot filled: held for another reason.
      const bot = await fetch(`${api.url}/act/${pledge}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ givenName: 'Form', familyName: 'Bot', zip: '05401', email: 'held3@gmail.com', website: 'http://spam.example' }).toString(),
      });
      expect(bot.status).toBe(303);
      const list = await api.call('GET', `/api/admin/held?actionId=${pledge}`, { session: viewer });
      expect(list.status).toBe(200);
      expect(list.json).toHaveLength(4);
      expect(list.json[0]).toMatchObject({ actionSlug: 'pledge-to-take-the-course', emailDomain: 'gmail.com', reason: 'honeypot' });
      expect(list.json.slice(1).map((h: { reason: string }) => h.reason)).toEqual(['disposable-domain', 'disposable-domain', 'disposable-domain']);
      expect(list.text).not.toContain('held0');
      const bots = await api.call('GET', `/api/admin/held?reason=honeypot`, { session: viewer });
      expect(bots.json.map((h: { id: string }) => h.id)).toEqual([list.json[0].id]);
      expect((await api.call('GET', `/api/admin/held?reason=held0`, { session: viewer })).status).toBe(422);

      const ids: string[] = list.json.map((h: { id: string }) => h.id);
      expect((await api.call('POST', '/api/admin/held/remove', { session: viewer, body: { ids } })).status).toBe(403);
      expect((await api.call('POST', '/api/admin/held/remove', { session: editor, body: { ids: ['1; DROP TABLE x'] } })).status).toBe(422);

      const before = (await getJson(`${api.url}/api/stats`)).json;
      const removed = await api.call('POST', '/api/admin/held/remove', { session: editor, body: { ids: ids.slice(0, 3) } });
      expect(removed.json).toEqual({ removed: 3 });
      const approved = await api.call('POST', '/api/admin/held/approve', { session: editor, body: { ids } });
      // Removed ones stay removed: only the oldest is approved, and it keeps its reason.
      expect(approved.json).toEqual({ approved: 1 });
      expect(await api.ds.query(`SELECT status, hold_reason FROM submissions WHERE id = $1`, [ids[3]])).toEqual([
        { status: 'counted', hold_reason: 'disposable-domain' },
      ]);
      const after = (await getJson(`${api.url}/api/stats`)).json;
      expect(after.actionsTaken).toBe(before.actionsTaken + 1);
      expect(after.pledgesMade).toBe(before.pledgesMade + 1);
      const mail = await api.ds.query(
        `SELECT s.status AS sub, m.kind, m.status FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE s.id = ANY($1::bigint[]) ORDER BY s.id`,
        [ids],
      );
      expect(mail.filter((m: { sub: string }) => m.sub === 'removed').every((m: { status: string }) => m.status === 'cancelled' || m.status === 'sent')).toBe(true);
      expect((await api.call('GET', '/api/admin/held', { session: viewer })).json).toHaveLength(0);
      const audit = await api.ds.query(`SELECT action FROM audit_log WHERE action LIKE 'held.%' ORDER BY id`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['held.remove', 'held.approve']);
    });
  });
});
