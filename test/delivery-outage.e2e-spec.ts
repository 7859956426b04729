import { Client } from 'pg';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QUEUES } from '@app/queue';
import { postJson, supporter } from './support/api';
import { createTestEnv, TestEnv } from './support/env';
import { startTestSmtp, TestSmtp } from './support/smtp';
import { RallyProcess, startApiProcess, startWorkerProcess } from './support/processes';
import { TcpProxy, viaProxy } from './chaos/tcp-proxy';
import { eventually } from './support/eventually';

/**
 * Exactly-once delivery across a Postgres outage: the mail server accepts messages while the
 * worker's database connection is cut (a real TCP proxy in front of the real Postgres), so the
 * worker cannot mark them sent. Whether the database comes back within the job (marking is
 * retried in the job) or only after the jobs have given up and the worker was replaced (the
 * sweeper's fresh jobs find the receipts in Redis), no message reaches the server twice. Real
 * `node dist/...` API and worker processes (`node scripts/build.js` first; `npm test` does).
 */

const SUBMISSIONS = 6; // × 3 Vermont letters, plus a thank-you email each

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  env: TestEnv;
  smtp: TestSmtp;
  proxy: TcpProxy;
  db: Client;
  api: RallyProcess & { url: string };
  worker?: RallyProcess;
  /** The worker's environment: its database is reached through the proxy. */
  workerVars: Record<string, string>;
  /** Resolves when the cut this world's sink caused has been restored. */
  restored: Promise<void>;
  /** With a cut of `until restored`: ends the cut. */
  restore(): Promise<void>;
}

/**
 * The sink cuts the worker's Postgres just before it accepts the first message, so that message
 * (and the others in flight) are handed over while the database is away; `cutMs` later it returns,
 * or, with 'until restored', when the test calls `restore()`.
 */
async function startWorld(cutMs: number | 'until restored', workerVars: Record<string, string>): Promise<World> {
  const env = await createTestEnv();
  const proxy = new TcpProxy(Number(new URL(env.db.url).port || 5432));
  await proxy.start();
  let cut: Promise<void> | undefined;
  let restore!: () => void;
  const restored = new Promise<void>((r) => (restore = r));
  const endCut = () =>
    cut!
      .then(() => proxy.restore())
      .then(restore);
  const smtp = await startTestSmtp({
    delayMs: 30,
    answer: () => {
      if (!cut) {
        cut = proxy.cut();
        if (cutMs !== 'until restored') void cut.then(() => sleep(cutMs)).then(endCut);
      }
      return undefined;
    },
  });
  // The API writes submissions directly; only the worker goes through the proxy.
  const api = await startApiProcess(env, { SMTP_URL: smtp.url });
  const db = new Client({ connectionString: env.db.url });
  await db.connect();
  const w: World = {
    env,
    smtp,
    proxy,
    db,
    api,
    restored,
    restore: endCut,
    workerVars: {
      SMTP_URL: smtp.url,
      DATABASE_URL: viaProxy(env.db.url, proxy.port),
      WORKER_LOCK_MS: '5000',
      WORKER_CONCURRENCY: '20',
      OUTBOX_SWEEP_MS: '1000',
      OUTBOX_SWEEP_AFTER_MS: '1500',
      DELIVERY_DOMAIN_RATE: '0',
      ...workerVars,
    },
  };
  const { rows } = await db.query(`SELECT id FROM actions WHERE slug = 'write-to-congress'`);
  const answers = await Promise.all(
    Array.from({ length: SUBMISSIONS }, (_, i) => postJson(`${api.url}/api/actions/${rows[0].id}/submissions`, supporter(`outage${cutMs === 'until restored' ? 'manual' : cutMs}-${i}`))),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(SUBMISSIONS).fill(202));
  w.worker = await startWorkerProcess(env, w.workerVars);
  return w;
}

async function closeWorld(w: World): Promise<void> {
  await w.worker?.stop('SIGKILL');
  await w.api.stop();
  await w.proxy.close();
  await w.db.end();
  await w.env.drop();
  await w.smtp.close();
}

/** Waits until every outbox row is sent, then checks the sink saw each message exactly once. */
async function expectEachMessageOnce(w: World): Promise<void> {
  await w.restored;
  const done = await eventually(async () => {
    const { rows } = await w.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE kind = 'letter' AND status = 'sent')::int AS letters,
              (SELECT COALESCE(sum(messages_sent), 0)::int FROM counter_shards) AS counted
         FROM messages`,
    );
    return rows[0].total > 0 && rows[0].sent === rows[0].total && rows[0];
  }, 'every message marked sent after the outage', 120000, 200);
  expect(done.letters).toBe(SUBMISSIONS * 3);
  expect(done.counted).toBe(done.letters);

  const acceptedByRow = new Map<string, number>();
  for (const [messageId, n] of w.smtp.accepted) acceptedByRow.set(/^<rally\.(\d+)@/.exec(messageId)?.[1] ?? messageId, n);
  const { rows } = await w.db.query(`SELECT id::text, server_response FROM messages ORDER BY id`);
  expect(rows.map((r) => acceptedByRow.get(r.id) ?? 0)).toEqual(rows.map(() => 1));
  // Each row keeps the answer to its one and only delivery.
  expect(rows.every((r) => /queued as 1$/.test(r.server_response))).toBe(true);
}

describe('delivery across a Postgres outage', () => {
  it('a 2 s cut after the server accepted: the job keeps marking until the database is back, nothing is sent twice', async () => {
    // The job keeps trying to mark for min(lock, 10 s): a 2 s cut leaves 8 s of margin on a slow machine.
    const w = await startWorld(2000, { DELIVERY_BACKOFF_MS: '100', WORKER_LOCK_MS: '10000' });
    try {
      await expectEachMessageOnce(w);
      const out = w.worker!.output();
      expect(out).toContain('marked sent once the database answered again');
      expect(out).not.toContain('could not mark it sent');
    } finally {
      await closeWorld(w);
    }
  }, 240000);

  it('a cut that outlasts every attempt of every job, and the worker replaced: the new worker finds the receipts in Redis and sends nothing twice', async () => {
    // A tiny backoff spends every attempt during the cut, so the sweeper is what brings the jobs back.
    const w = await startWorld('until restored', { DELIVERY_BACKOFF_MS: '10' });
    const redis = new IORedis(w.env.vars().REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.delivery, { connection: redis, prefix: w.env.prefix });
    try {
      await w.worker!.waitForOutput('could not mark it sent', 60000);
      // Every job gives up while the database is away (no claim can succeed): none is left to run.
      await eventually(async () => {
        const c = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'failed');
        return c.failed > 0 && c.active + c.waiting + c.delayed + c.prioritized === 0;
      }, 'every delivery job to have given up', 120000, 200);
      // Killed, not stopped: whatever this process remembered is gone, only Redis has the receipts.
      await w.worker!.stop('SIGKILL');
      await w.restore();
      w.worker = await startWorkerProcess(w.env, w.workerVars);
      await expectEachMessageOnce(w);
      const out = w.worker.output();
      expect(out).toContain('outbox sweep re-enqueued');
      expect(out).toContain('marked sent without sending again');
    } finally {
      await queue.close();
      redis.disconnect();
      await closeWorld(w);
    }
  }, 240000);
});
