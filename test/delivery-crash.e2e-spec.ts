import IORedis from 'ioredis';
import { Client } from 'pg';
import { postJson, supporter } from './support/api';
import { createTestEnv, TestEnv } from './support/env';
import { startTestSmtp, TestSmtp } from './support/smtp';
import { RallyProcess, startApiProcess, startPrivateRedis, startWorkerProcess } from './support/processes';
import { eventually } from './support/eventually';

/**
 * Delivery across process failures: a worker SIGKILLed or stopped mid-batch, and a Redis that
 * loses all its data. The API and the workers are real `node dist/...` processes (run
 * `node scripts/build.js` first; `npm test` does).
 */

const SUBMISSIONS = 67; // × 3 Vermont targets = 201 letters (plus 67 thank-you emails)

interface World {
  env: TestEnv;
  smtp: TestSmtp;
  db: Client;
  api: RallyProcess & { url: string };
  vars: Record<string, string>;
  close(): Promise<void>;
}

/** Settings that make recovery observable within seconds: short locks, a fast sweeper, no domain limit. */
const FAST_RECOVERY = {
  WORKER_LOCK_MS: '5000',
  OUTBOX_SWEEP_MS: '1000',
  OUTBOX_SWEEP_AFTER_MS: '1500',
  DELIVERY_BACKOFF_MS: '100',
  DELIVERY_DOMAIN_RATE: '0',
  WORKER_CONCURRENCY: '20',
};

async function startWorld(extra: Record<string, string> = {}, smtpDelayMs = 15): Promise<World> {
  const smtp = await startTestSmtp({ delayMs: smtpDelayMs, discard: true });
  const env = await createTestEnv();
  const vars = { SMTP_URL: smtp.url, ...FAST_RECOVERY, ...extra };
  const api = await startApiProcess(env, vars);
  const db = new Client({ connectionString: env.db.url });
  await db.connect();
  return {
    env,
    smtp,
    db,
    api,
    vars,
    close: async () => {
      await api.stop();
      await db.end();
      await env.drop();
      await smtp.close();
    },
  };
}

async function submitLetters(w: World, count: number, tag: string): Promise<void> {
  const { rows } = await w.db.query(`SELECT id FROM actions WHERE slug = 'write-to-congress'`);
  const id = rows[0].id as string;
  for (let i = 0; i < count; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 10); j++) batch.push(postJson(`${w.api.url}/api/actions/${id}/submissions`, supporter(`${tag}${j}`)));
    for (const res of await Promise.all(batch)) expect(res.status).toBe(202);
  }
}

async function letterStates(db: Client): Promise<{ total: number; sent: number; open: number; ids: string[]; counted: number }> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM messages WHERE kind = 'letter')::int AS total,
            (SELECT count(*) FROM messages WHERE kind = 'letter' AND status = 'sent')::int AS sent,
            (SELECT count(*) FROM messages WHERE status IN ('queued', 'sending'))::int AS open,
            (SELECT array_agg(id::text) FROM messages WHERE kind = 'letter') AS ids,
            (SELECT COALESCE(sum(messages_sent), 0)::int FROM counter_shards) AS counted`,
  );
  return { ...rows[0], ids: rows[0].ids ?? [] };
}

/** Message-IDs at the sink of the letter rows, as `<rally.<id>@host>`; counts acceptances per letter. */
function acceptedPerLetter(smtp: TestSmtp, ids: string[]): number[] {
  const byRow = new Map<string, number>();
  for (const [messageId, n] of smtp.accepted) {
    const m = /^<rally\.(\d+)@/.exec(messageId);
    if (m) byRow.set(m[1], n);
  }
  return ids.map((id) => byRow.get(id) ?? 0);
}

describe('delivery survives process and Redis failures', () => {
  it('a worker SIGKILLed in the middle of 200 letters loses none after a restart, with at most one duplicate per in-flight job', async () => {
    const w = await startWorld();
    let worker: RallyProcess | undefined;
    try {
      await submitLetters(w, SUBMISSIONS, 'kill');
      worker = await startWorkerProcess(w.env, w.vars);
      await w.smtp.waitForCount(60, 90000);
      expect(await worker.stop('SIGKILL')).toBe('SIGKILL');
      const atKill = await letterStates(w.db);
      expect(atKill.sent).toBeLessThan(atKill.total); // it really died mid-batch

      worker = await startWorkerProcess(w.env, w.vars);
      const done = await eventually(async () => {
        const s = await letterStates(w.db);
        return s.sent === s.total && s.open === 0 && s;
      }, 'every letter sent after the restart', 120000);
      expect(done.total).toBe(SUBMISSIONS * 3);
      expect(done.counted).toBe(done.sent);

      const perLetter = acceptedPerLetter(w.smtp, done.ids);
      expect(perLetter.every((n) => n >= 1)).toBe(true);
      expect(perLetter.every((n) => n <= 2)).toBe(true);
      // Only jobs in flight when the worker died may be sent twice.
      const duplicates = perLetter.filter((n) => n > 1).length;
      expect(duplicates).toBeLessThanOrEqual(Number(w.vars.WORKER_CONCURRENCY));
    } finally {
      await worker?.stop('SIGKILL');
      await w.close();
    }
  }, 240000);

  it('SIGTERM lets in-flight deliveries finish: the worker exits 0, nothing is left sending, and nothing is sent twice', async () => {
    const w = await startWorld({}, 40);
    let worker: RallyProcess | undefined;
    try {
      await submitLetters(w, 20, 'term');
      worker = await startWorkerProcess(w.env, w.vars);
      await w.smtp.waitForCount(10, 90000);
      expect(await worker.stop('SIGTERM')).toBe(0);
      const { rows } = await w.db.query(`SELECT count(*)::int AS n FROM messages WHERE status = 'sending'`);
      expect(rows[0].n).toBe(0);

      worker = await startWorkerProcess(w.env, w.vars);
      const done = await eventually(async () => {
        const s = await letterStates(w.db);
        return s.sent === s.total && s.open === 0 && s;
      }, 'every letter sent after the restart', 120000);
      expect(done.counted).toBe(done.sent);
      expect(acceptedPerLetter(w.smtp, done.ids).every((n) => n === 1)).toBe(true);
    } finally {
      await worker?.stop('SIGKILL');
      await w.close();
    }
  }, 240000);

  it('a Redis FLUSHALL during a batch loses no letter: the sweeper re-enqueues from the outbox', async () => {
    const redis = await startPrivateRedis();
    const w = await startWorld({ REDIS_URL: redis.url });
    const admin = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
    let worker: RallyProcess | undefined;
    try {
      await submitLetters(w, SUBMISSIONS, 'flush');
      worker = await startWorkerProcess(w.env, w.vars);
      await w.smtp.waitForCount(60, 90000);
      await admin.flushall();
      const atFlush = await letterStates(w.db);
      expect(atFlush.sent).toBeLessThan(atFlush.total);

      const done = await eventually(async () => {
        const s = await letterStates(w.db);
        return s.sent === s.total && s.open === 0 && s;
      }, 'every letter sent after the flush', 120000);
      expect(done.total).toBe(SUBMISSIONS * 3);
      expect(done.counted).toBe(done.sent);
      expect(acceptedPerLetter(w.smtp, done.ids).every((n) => n >= 1)).toBe(true);
      // The jobs were gone with the data; it was the outbox sweeper that put them back.
      expect(worker.output()).toContain('outbox sweep re-enqueued');
    } finally {
      await worker?.stop('SIGKILL');
      await w.close();
      admin.disconnect();
      await redis.stop();
    }
  }, 240000);
});
