import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createTestEnv, TestEnv } from '../support/env';
import { RallyProcess, spawnRally, startApiProcess } from '../support/processes';
import { PrivateRedis } from './private-redis';
import { TcpProxy, viaProxy } from './tcp-proxy';
import { FaultySmtp, FaultySmtpOptions, startFaultySmtp, unitHash } from './faulty-smtp';

/**
 * The chaos suite: real API and worker processes (`node dist/...`) on a fresh database reached
 * through a cuttable TCP proxy, a private redis-server (no persistence) and an SMTP sink that can
 * refuse and delay. Each scenario sends letter submissions (write-to-congress, ZIP 05401: three
 * letters each) through the API while one fault happens, waits for the outbox to drain, and
 * measures what a supporter and a member of Congress would notice.
 */

export type ScenarioName = 'worker-sigkill' | 'redis-restart' | 'postgres-cut' | 'smtp-faults';
export const ALL_SCENARIOS: ScenarioName[] = ['worker-sigkill', 'redis-restart', 'postgres-cut', 'smtp-faults'];

export interface ScenarioOptions {
  /** Letter submissions sent during the scenario. */
  submissions?: number;
  /** How long the submissions are spread over (ms). */
  spreadMs?: number;
  /** Upper bound on waiting for the outbox to drain (ms). */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface ScenarioResult {
  scenario: ScenarioName;
  sent: number;
  accepted: number;
  /** Answers other than 202, by status (0 = no answer). */
  refusedByStatus: Record<string, number>;
  /** Accepted submissions not present exactly once in `submissions`. */
  missingOrDoubled: number;
  /** Submissions answered with something else than 202 that were committed anyway. */
  committedWithoutAccept: number;
  lettersExpected: number;
  delivered: number;
  duplicated: number;
  lost: number;
  /** Counters (sum of counter_shards) minus a recount from submissions/messages. */
  driftActionsTaken: number;
  driftMessagesSent: number;
  /** Duplicates allowed (SIGKILL: rows in flight when the worker died). */
  duplicatesAllowed: number;
  /** Outbox rows still queued/sending when the wait ended. */
  undrained: number;
  /** Letter rows that ended failed or cancelled. */
  failedLetters: number;
  /** Messages the server accepted while the worker could not reach the database (from its logs). */
  sentDuringOutage: number;
  notes: string[];
  ok: boolean;
  ms: number;
}

const LETTERS_PER_SUBMISSION = 3; // ZIP 05401: two senators and one representative

/** Settings that make recovery observable in seconds (names from libs/config/src/config.schema.ts). */
const FAST = {
  DELIVERY_BACKOFF_MS: '200',
  OUTBOX_SWEEP_MS: '1000',
  OUTBOX_SWEEP_AFTER_MS: '1000',
  WORKER_LOCK_MS: '5000',
  DELIVERY_DOMAIN_RATE: '0',
  WORKER_CONCURRENCY: '20',
  SMTP_POOL_SIZE: '20',
  SMTP_TIMEOUT_MS: '10000',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  env: TestEnv;
  smtp: FaultySmtp;
  redis: PrivateRedis;
  proxy: TcpProxy;
  db: Client;
  vars: Record<string, string>;
  api?: RallyProcess & { url: string };
  worker?: RallyProcess;
  /** Output of worker processes that were killed and replaced. */
  earlierWorkerOutput: string;
  actionId: string;
}

async function openWorld(smtpOpts: FaultySmtpOptions): Promise<World> {
  const [env, smtp, redis] = await Promise.all([createTestEnv(), startFaultySmtp(smtpOpts), PrivateRedis.start()]);
  const proxy = new TcpProxy(Number(new URL(env.db.url).port || 5432));
  await proxy.start();
  // The checks read the database directly, never through the proxy the faults cut.
  const db = new Client({ connectionString: env.db.url });
  await db.connect();
  const { rows } = await db.query(`SELECT id FROM actions WHERE slug = 'write-to-congress'`);
  const vars = { ...FAST, SMTP_URL: smtp.url, REDIS_URL: redis.url, DATABASE_URL: viaProxy(env.db.url, proxy.port) };
  const world: World = { env, smtp, redis, proxy, db, vars, earlierWorkerOutput: '', actionId: rows[0].id };
  // allSettled: if one process fails to start, the other must still be stopped, not orphaned.
  const [api, worker] = await Promise.allSettled([startApiProcess(env, vars), startWorker(env, vars)]);
  if (api.status === 'fulfilled') world.api = api.value;
  if (worker.status === 'fulfilled') world.worker = worker.value;
  if (api.status === 'rejected' || worker.status === 'rejected') {
    await closeWorld(world);
    throw api.status === 'rejected' ? api.reason : (worker as PromiseRejectedResult).reason;
  }
  return world;
}

/** Like startWorkerProcess, but a worker that does not come up is killed rather than left running. */
async function startWorker(env: TestEnv, vars: Record<string, string>): Promise<RallyProcess> {
  const proc = spawnRally('dist/apps/worker/src/main.js', env.vars({ ...vars, LOG_LEVEL: 'info' }));
  try {
    await proc.waitForOutput('delivery worker started', 30000);
    return proc;
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
}

async function closeWorld(w: World): Promise<void> {
  await Promise.all([w.api?.stop('SIGTERM', 10000), w.worker?.stop('SIGTERM', 10000)]).catch(() => undefined);
  await w.proxy.close().catch(() => undefined);
  await w.db.end().catch(() => undefined);
  await w.env.drop().catch(() => undefined);
  await w.redis.stop().catch(() => undefined);
  await w.smtp.close().catch(() => undefined);
}

interface Load {
  /** Resolves when every request has been answered (or given up). */
  done: Promise<void>;
  /** Answer status per supporter email (0: no answer). */
  answers: Map<string, number>;
}

/** `count` submissions spread evenly over `spreadMs`, each with its own supporter. */
function startLoad(w: World, tag: string, count: number, spreadMs: number): Load {
  const answers = new Map<string, number>();
  const interval = spreadMs / count;
  const url = `${w.api!.url}/api/actions/${w.actionId}/submissions`;
  const requests: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const email = `chaos-${tag}-${i}@example.org`;
    requests.push(
      sleep(Math.round(i * interval)).then(async () => {
        const body = { email, givenName: 'Chaos', familyName: `Supporter ${i}`, zip: '05401' };
        const status = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15000),
        }).then(
          async (res) => (await res.arrayBuffer(), res.status),
          () => 0,
        );
        answers.set(email, status);
      }),
    );
  }
  return { done: Promise.all(requests).then(() => undefined), answers };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

async function openOutboxRows(db: Client): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM messages WHERE status IN ('queued', 'sending')`);
  return rows[0].n;
}

/** The fault of each scenario, run while the load is under way. Returns notes for the table. */
type Fault = (w: World, load: Load, ctx: { duplicatesAllowed: number; notes: string[] }) => Promise<void>;

const FAULTS: Record<ScenarioName, { smtp: FaultySmtpOptions; fault: Fault }> = {
  // A slow-ish sink (100-300 ms) keeps a batch in flight, so the kill lands mid-send.
  'worker-sigkill': {
    smtp: { delayMs: (id, attempt) => 100 + Math.round(200 * unitHash(`${id}/${attempt}/d`)) },
    fault: async (w, _load, ctx) => {
      await until(async () => w.smtp.acceptedTotal() >= 20, 20000, 50);
      await w.worker!.stop('SIGKILL');
      const { rows } = await w.db.query(`SELECT count(*)::int AS n FROM messages WHERE status = 'sending'`);
      // Each row still `sending` may have reached the sink without being marked sent.
      ctx.duplicatesAllowed = rows[0].n;
      ctx.notes.push(`killed with ${rows[0].n} in flight`);
      w.earlierWorkerOutput += w.worker!.output() + '\n--- worker killed (SIGKILL) and restarted ---\n';
      await sleep(1000);
      w.worker = await startWorker(w.env, w.vars);
    },
  },
  // SIGKILL of redis-server without persistence: it comes back empty, every job is gone.
  'redis-restart': {
    smtp: { delayMs: (id, attempt) => 20 + Math.round(60 * unitHash(`${id}/${attempt}/d`)) },
    fault: async (w, _load, ctx) => {
      await until(async () => w.smtp.acceptedTotal() >= 10, 20000, 50);
      await w.redis.stop();
      const down = Date.now();
      await sleep(2000);
      await w.redis.start();
      ctx.notes.push(`Redis down ${((Date.now() - down) / 1000).toFixed(1)} s, restarted empty`);
    },
  },
  // "Restart Postgres": the proxy drops every live connection and refuses new ones for 3 s. The
  // cut starts as the sink takes its eleventh message, so at least that one is accepted by the
  // server while the database is away (the case exactly-once has to survive), whatever the timing.
  'postgres-cut': {
    smtp: { delayMs: (id, attempt) => 20 + Math.round(60 * unitHash(`${id}/${attempt}/d`)) },
    fault: async (w, _load, ctx) => {
      await new Promise<void>((cutDone) =>
        w.smtp.beforeAccept(async (acceptedBefore) => {
          if (acceptedBefore !== 10) return;
          await w.proxy.cut();
          cutDone();
        }),
      );
      const down = Date.now();
      await sleep(3000);
      await w.proxy.restore();
      ctx.notes.push(`Postgres cut ${((Date.now() - down) / 1000).toFixed(1)} s`);
    },
  },
  // 30 % of messages (chosen by Message-ID) are refused with 451 on their first attempt, half of
  // those on the second too; every accepted answer waits 1-3 s.
  'smtp-faults': {
    smtp: {
      refuse: (id, attempt) => {
        const h = unitHash(`${id}/r`);
        return h < 0.3 && (attempt === 1 || (attempt === 2 && h < 0.15));
      },
      delayMs: (id, attempt) => (unitHash(`${id}/r`) < 0.3 && attempt <= 2 ? 50 : 1000 + Math.round(2000 * unitHash(`${id}/${attempt}/d`))),
    },
    fault: async () => undefined,
  },
};

export async function runScenario(name: ScenarioName, opts: ScenarioOptions = {}): Promise<ScenarioResult> {
  const started = Date.now();
  const count = opts.submissions ?? 50;
  const spreadMs = opts.spreadMs ?? 6000;
  const log = opts.log ?? (() => undefined);
  const spec = FAULTS[name];
  const w = await openWorld(spec.smtp);
  const ctx = { duplicatesAllowed: 0, notes: [] as string[] };
  try {
    log(`[${name}] ${count} submissions over ${spreadMs / 1000} s`);
    const load = startLoad(w, name, count, spreadMs);
    await spec.fault(w, load, ctx);
    await load.done;

    // Drained: nothing queued or sending, twice in a row a second apart (a retry may be in backoff).
    const drained = await until(
      async () => (await openOutboxRows(w.db)) === 0 && (await sleep(1000), (await openOutboxRows(w.db)) === 0),
      opts.drainTimeoutMs ?? 90000,
      300,
    );
    if (!drained) ctx.notes.push('outbox did not drain in time');
    // Rows are marked sent only after the sink answered, so a short settle is enough for the
    // sink's counts to include every send the database knows of.
    await sleep(500);
    if (w.smtp.refused()) ctx.notes.push(`sink refused ${w.smtp.refused()} attempts with 451`);
    const workerOutput = w.earlierWorkerOutput + (w.worker?.output() ?? '');
    const requeued = sweptCount(workerOutput);
    if (requeued) ctx.notes.push(`outbox sweeper re-enqueued ${requeued}`);
    // Sends the server accepted while the database was away, and how they were recorded.
    const markedLate = countLines(workerOutput, 'marked sent once the database answered again');
    const fromReceipts = countLines(workerOutput, 'marked sent without sending again');
    if (markedLate || fromReceipts) ctx.notes.push(`sent while the database was away: ${markedLate} marked by the job that sent, ${fromReceipts} by a later attempt from its receipt`);
    const result = await measure(name, w, load, ctx, started);
    result.sentDuringOutage = markedLate + fromReceipts;
    if (!result.ok) keepLogs(name, w, result);
    return result;
  } finally {
    await closeWorld(w);
  }
}

async function measure(
  name: ScenarioName,
  w: World,
  load: Load,
  ctx: { duplicatesAllowed: number; notes: string[] },
  started: number,
): Promise<ScenarioResult> {
  const acceptedEmails = [...load.answers].filter(([, s]) => s === 202).map(([e]) => e);
  const refusedByStatus: Record<string, number> = {};
  for (const [, s] of load.answers) if (s !== 202) refusedByStatus[s] = (refusedByStatus[s] ?? 0) + 1;

  const { rows: perEmail } = await w.db.query(
    `SELECT p.email_normalized AS email, count(s.id)::int AS n
       FROM supporters p LEFT JOIN submissions s ON s.supporter_id = p.id AND s.action_id = $1
      WHERE p.email_normalized LIKE $2
      GROUP BY p.email_normalized`,
    [w.actionId, `chaos-${name}-%`],
  );
  const submissionsByEmail = new Map<string, number>(perEmail.map((r) => [r.email, r.n]));
  const missingOrDoubled = acceptedEmails.filter((e) => submissionsByEmail.get(e) !== 1).length;
  const acceptedSet = new Set(acceptedEmails);
  const committedWithoutAccept = [...submissionsByEmail].filter(([e, n]) => n > 0 && !acceptedSet.has(e)).length;

  const { rows: letters } = await w.db.query(
    `SELECT m.id::text AS id, m.status, m.attempts, p.email_normalized AS email
       FROM messages m JOIN supporters p ON p.id = m.supporter_id
      WHERE m.kind = 'letter' AND m.action_id = $1 AND p.email_normalized LIKE $2`,
    [w.actionId, `chaos-${name}-%`],
  );
  const acceptedPerRow = new Map<string, number>();
  for (const [messageId, n] of w.smtp.accepted) {
    const m = /^<rally\.(\d+)@/.exec(messageId);
    if (m) acceptedPerRow.set(m[1], n);
  }
  let delivered = 0;
  let duplicated = 0;
  let failedLetters = 0;
  const duplicateAttempts: number[] = [];
  for (const row of letters) {
    if (row.status === 'failed' || row.status === 'cancelled') failedLetters++;
    if (!acceptedSet.has(row.email)) continue;
    const n = acceptedPerRow.get(row.id) ?? 0;
    if (n > 0) delivered++;
    if (n > 1) {
      duplicated += n - 1;
      duplicateAttempts.push(row.attempts);
    }
  }
  if (duplicateAttempts.length) ctx.notes.push(`duplicated letters had ${duplicateAttempts.join(',')} claims`);
  const lettersExpected = acceptedEmails.length * LETTERS_PER_SUBMISSION;
  const notAccepted = load.answers.size - acceptedEmails.length;
  // Allowed (the answer was lost, not the data), but worth seeing: a client would retry a 503.
  if (notAccepted) ctx.notes.push(`${committedWithoutAccept} of ${notAccepted} not accepted were committed anyway`);

  const { rows: drift } = await w.db.query(
    `SELECT
       (SELECT COALESCE(sum(actions_taken), 0) FROM counter_shards)
         - (SELECT count(*) FROM submissions WHERE status = 'counted') AS taken,
       (SELECT COALESCE(sum(messages_sent), 0) FROM counter_shards)
         - (SELECT count(*) FROM messages WHERE kind = 'letter' AND status = 'sent') AS sent`,
  );
  const undrained = await openOutboxRows(w.db);
  const result: ScenarioResult = {
    scenario: name,
    sent: load.answers.size,
    accepted: acceptedEmails.length,
    refusedByStatus,
    missingOrDoubled,
    committedWithoutAccept,
    lettersExpected,
    delivered,
    duplicated,
    lost: lettersExpected - delivered,
    driftActionsTaken: Number(drift[0].taken),
    driftMessagesSent: Number(drift[0].sent),
    duplicatesAllowed: ctx.duplicatesAllowed,
    undrained,
    failedLetters,
    sentDuringOutage: 0,
    notes: ctx.notes,
    ok: false,
    ms: Date.now() - started,
  };
  result.ok = violations(result).length === 0;
  return result;
}

/** Rows the outbox sweeper put back in the queue, from the worker's JSON log lines. */
function sweptCount(output: string): number {
  let n = 0;
  for (const line of output.split('\n')) {
    if (!line.includes('outbox sweep re-enqueued')) continue;
    try {
      n += Number(JSON.parse(line).requeued) || 0;
    } catch {
      // a line cut by the output buffer
    }
  }
  return n;
}

function countLines(output: string, text: string): number {
  return output.split('\n').filter((line) => line.includes(text)).length;
}

/** A broken guarantee leaves the processes' logs in artifacts/chaos/ for whoever investigates. */
function keepLogs(name: ScenarioName, w: World, r: ScenarioResult): void {
  const dir = path.resolve(__dirname, '..', '..', 'artifacts', 'chaos');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}-api.log`), w.api?.output() ?? '');
  writeFileSync(path.join(dir, `${name}-worker.log`), w.earlierWorkerOutput + (w.worker?.output() ?? ''));
  r.notes.push(`logs in artifacts/chaos/${name}-*.log`);
}

/** The guarantees, in words, that a result breaks (empty: it holds). */
export function violations(r: ScenarioResult): string[] {
  const v: string[] = [];
  if (r.accepted === 0) v.push('no submission was accepted');
  if (r.missingOrDoubled) v.push(`${r.missingOrDoubled} accepted submissions not present exactly once`);
  if (r.lost) v.push(`${r.lost} letters lost`);
  if (r.duplicated > r.duplicatesAllowed) v.push(`${r.duplicated} duplicate deliveries (allowed ${r.duplicatesAllowed})`);
  if (r.driftActionsTaken || r.driftMessagesSent) v.push(`counter drift ${r.driftActionsTaken}/${r.driftMessagesSent}`);
  if (r.undrained) v.push(`${r.undrained} outbox rows still queued or sending`);
  if (r.failedLetters) v.push(`${r.failedLetters} letters failed or cancelled`);
  return v;
}

export function formatTable(results: ScenarioResult[]): string {
  const head = ['scenario', 'accepted', 'refused', 'letters expected', 'delivered', 'duplicated', 'lost', 'counter drift', 'result', 'time'];
  const rows = results.map((r) => [
    r.scenario,
    `${r.accepted}/${r.sent}`,
    Object.entries(r.refusedByStatus).map(([s, n]) => `${s}×${n}`).join(' ') || '-',
    String(r.lettersExpected),
    String(r.delivered),
    r.duplicatesAllowed ? `${r.duplicated} (≤${r.duplicatesAllowed})` : String(r.duplicated),
    String(r.lost),
    `${r.driftActionsTaken}/${r.driftMessagesSent}`,
    r.ok ? 'ok' : 'BROKEN',
    `${(r.ms / 1000).toFixed(0)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}
