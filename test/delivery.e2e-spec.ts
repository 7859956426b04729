import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CountersService } from '@app/counters';
import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { actionId, getJson, postJson, supporter } from './support/api';
import { createTestEnv, TestEnv } from './support/env';
import { startTestSmtp, TestSmtp } from './support/smtp';
import { RallyProcess, startApiProcess } from './support/processes';
import { eventually } from './support/eventually';

/** A letter action with one custom recipient, so one submission is exactly one letter. */
async function customLetterAction(ds: DataSource, slug: string, email: string): Promise<string> {
  const [{ id }] = await ds.query(
    `INSERT INTO actions (campaign_id, kind, slug, title, status, subject, body_template, target_kinds, custom_targets)
     SELECT id, 'letter', $1, 'Write to the mayor', 'live', 'Please act', 'Dear {{target.title}} {{target.name}}, please act. {{supporter.name}}',
            ARRAY['custom'], $2::jsonb
       FROM campaigns WHERE slug = 'pass-the-enablers-act' RETURNING id`,
    [slug, JSON.stringify([{ name: 'Jane Doe', title: 'Mayor', email }])],
  );
  return id;
}

describe('delivering letters by email', () => {
  let env: TestEnv;
  let smtp: TestSmtp;
  let api: RallyProcess & { url: string };
  let worker: INestApplicationContext;
  let ds: DataSource;
  let counters: CountersService;
  let letterAction: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    env = await createTestEnv();
    // Short backoff so retries happen within the test; the sweeper is exercised in the crash tests.
    const overrides = {
      SMTP_URL: smtp.url,
      DELIVERY_BACKOFF_MS: '100',
      OUTBOX_SWEEP_MS: '0',
      WORKER_CONCURRENCY: '10',
      DELIVERY_DOMAIN_RATES: 'slow.example=2',
    };
    // The worker runs in this process (to read its services); the API is the real built server.
    worker = await createWorkerApp(env.config(overrides));
    ds = worker.get(DataSource);
    counters = worker.get(CountersService);
    api = await startApiProcess(env, overrides);
    letterAction = await actionId(ds, 'write-to-congress');
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.close();
    await env?.drop();
    await smtp?.close();
  });

  const submit = (id: string, body: unknown) => postJson(`${api.url}/api/actions/${id}/submissions`, body);
  const stats = async () => (await getJson(`${api.url}/api/stats`)).json as { messagesSent: number };
  const statusOf = async (email: string, kind = 'letter') =>
    (await ds.query(
      `SELECT m.status, m.attempts, m.last_error, m.server_response FROM messages m JOIN supporters p ON p.id = m.supporter_id
        WHERE p.email_normalized = $1 AND m.kind = $2 ORDER BY m.id`,
      [email, kind],
    )) as Array<{ status: string; attempts: number; last_error: string | null; server_response: string | null }>;

  it('sends a letter for ZIP 05401 to exactly three inboxes with the right names, and counts three messages', async () => {
    const before = await stats();
    const res = await submit(letterAction, supporter('vt', { message: 'Please close the shell-company loophole.' }));
    expect(res.status).toBe(202);
    const targets = res.json.targets as Array<{ id: string; name: string; chamber: string; deliverable: boolean }>;
    expect(targets).toHaveLength(3);
    expect(targets.every((t) => t.deliverable)).toBe(true);

    const rows = await eventually(async () => {
      const r = await statusOf('supportervt@example.org');
      return r.length === 3 && r.every((m) => m.status === 'sent') && r;
    }, 'three letters sent');
    expect(rows.every((r) => r.server_response?.startsWith('250'))).toBe(true);

    const letters = smtp.messages.filter((m) => m.to.some((to) => to.endsWith('@congress.rally.test')));
    expect(letters).toHaveLength(3);
    for (const t of targets) {
      const inbox = letters.filter((m) => m.to.includes(`${t.id}@congress.rally.test`.toLowerCase()) || m.to.includes(`${t.id}@congress.rally.test`));
      expect(inbox).toHaveLength(1);
      expect(inbox[0].text).toContain(t.name);
      expect(inbox[0].text).toContain('Please close the shell-company loophole.');
      expect(inbox[0].subject).toBe('Please pass the ENABLERS Act');
    }
    // Each message carries its deterministic Message-ID, once.
    expect(new Set(letters.map((l) => l.messageId)).size).toBe(3);
    expect(letters.every((l) => /^<rally\.\d+@/.test(l.messageId))).toBe(true);

    const after = await eventually(async () => {
      const s = await stats();
      return s.messagesSent === before.messagesSent + 3 && s;
    }, 'Messages Sent to rise by 3');
    expect(after.messagesSent).toBe((await counters.recount()).messagesSent);
  });

  it('retries after two 451 answers and delivers on the third attempt, counting the letter once', async () => {
    const id = await customLetterAction(ds, 'to-the-mayor-451', 'mayor@retry.example');
    smtp.setOptions({ answer: ({ attempt, to }) => (to.includes('mayor@retry.example') && attempt <= 2 ? { code: 451, message: '4.3.0 Try again later' } : undefined) });
    const before = await stats();
    expect((await submit(id, supporter('retry'))).status).toBe(202);

    const [row] = await eventually(async () => {
      const r = await statusOf('supporterretry@example.org');
      return r[0]?.status === 'sent' && r;
    }, 'letter sent after retries');
    expect(row.attempts).toBe(3);
    const delivered = smtp.messages.filter((m) => m.to.includes('mayor@retry.example'));
    expect(delivered).toHaveLength(1);
    expect(smtp.attempts.get(delivered[0].messageId)).toBe(3);
    expect(delivered[0].text).toContain('Dear Mayor Jane Doe');

    await eventually(async () => (await stats()).messagesSent === before.messagesSent + 1, 'Messages Sent +1');
    expect((await stats()).messagesSent).toBe((await counters.recount()).messagesSent);
    smtp.setOptions({});
  });

  it('holds mail to a rate-limited domain to its rate instead of flooding it', async () => {
    const id = await customLetterAction(ds, 'to-the-slow-mayor', 'mayor@slow.example');
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect((await submit(id, supporter(`slow${i}`))).status).toBe(202);
    const times = await eventually(async () => {
      const got = smtp.messages.filter((m) => m.to.includes('mayor@slow.example'));
      return got.length === 5 && got.map((m) => m.receivedAt);
    }, 'five letters to the slow domain', 30000);
    // 2 per second with a burst of 2: whenever the five reservations were made, the fifth slot is
    // at least (5 - 2) / 2 = 1.5 s after the first one, which came after `started`. A slow machine
    // only makes it later; without the limit all five arrive within a few hundred ms.
    expect(Math.max(...times) - started).toBeGreaterThanOrEqual(1500);
    // Postponed jobs waited in BullMQ; the server saw each letter exactly once.
    const ids = smtp.messages.filter((m) => m.to.includes('mayor@slow.example')).map((m) => m.messageId);
    expect(ids.every((mid) => smtp.attempts.get(mid) === 1)).toBe(true);
    // The sink has the mail before the worker commits `sent`: wait for the rows, then check each was sent once.
    const rows = await eventually(async () => {
      const r: Array<{ status: string; attempts: number }> = await ds.query(`SELECT status, attempts FROM messages WHERE action_id = $1 AND kind = 'letter'`, [id]);
      return r.length === 5 && r.every((x) => x.status !== 'queued' && x.status !== 'sending') && r;
    }, 'five letters settled');
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('marks a letter refused with 550 as failed with the reason, without retrying or counting it', async () => {
    const id = await customLetterAction(ds, 'to-the-mayor-550', 'nobody@refused.example');
    smtp.setOptions({ answer: ({ to }) => (to.includes('nobody@refused.example') ? { code: 550, message: '5.1.1 Mailbox does not exist' } : undefined) });
    const before = await stats();
    expect((await submit(id, supporter('refused'))).status).toBe(202);

    const [row] = await eventually(async () => {
      const r = await statusOf('supporterrefused@example.org');
      return r[0]?.status === 'failed' && r;
    }, 'letter marked failed');
    expect(row.last_error).toContain('550');
    expect(row.last_error).toContain('Mailbox does not exist');
    expect(row.attempts).toBe(1);
    // The supporter's thank-you still goes out; the refused letter is not counted.
    await eventually(async () => (await statusOf('supporterrefused@example.org', 'thank_you'))[0]?.status === 'sent', 'thank-you sent');
    expect((await stats()).messagesSent).toBe(before.messagesSent);
    expect((await counters.recount()).messagesSent).toBe(before.messagesSent);
    smtp.setOptions({});
  });
});
