#!/usr/bin/env node
// `npm run bench:letters`: letters per second through the real delivery path (outbox rows →
// BullMQ → ONE worker process: claim, render, domain rate limit, pooled SMTP, mark sent + Messages
// Sent) into a count-and-discard SMTP sink, against a baseline of nodemailer alone (the same pooled
// transport settings, the same number of sends in flight) sending the same letters to the same sink.
// Prints figures; it is not a pass/fail test. Run it on a quiet machine for meaningful numbers.
//
//   BENCH_LETTERS (10000)  WORKER_CONCURRENCY (50)  SMTP_POOL_SIZE (5)  BENCH_SINK_DELAY_MS (0)  BENCH_PROFILE (dir)
//
// Latency is measured from the outbox row's created_at (all rows are created in one statement just
// before they are enqueued, as a burst) to the sink's acceptance, so its p99 includes queue wait.
const { fork, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

// ---------------------------------------------------------------- the sink (child process mode)
if (process.argv[2] === '--sink') {
  const { SMTPServer } = require('smtp-server');
  const delay = Number(process.env.BENCH_SINK_DELAY_MS ?? 0);
  const accepted = []; // [rowId, acceptedAtMs]
  let count = 0;
  let sample = null;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    onData(stream, _session, callback) {
      let head = '';
      const chunks = sample === null ? [] : null;
      stream.on('data', (c) => {
        if (head.length < 4096) head += c.toString('latin1');
        if (chunks) chunks.push(c);
      });
      stream.on('end', () => {
        const done = () => {
          const m = /^message-id:\s*<rally\.(\d+)@/im.exec(head);
          accepted.push([m ? Number(m[1]) : -1, Date.now()]);
          count++;
          if (chunks && sample === null) sample = Buffer.concat(chunks).toString('utf8');
          callback(null, 'OK');
        };
        if (delay) setTimeout(done, delay);
        else done();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.server.address().port }));
  process.on('message', (msg) => {
    if (msg.type === 'count') process.send({ type: 'count', count });
    if (msg.type === 'take') {
      process.send({ type: 'take', accepted: accepted.splice(0), count, sample });
      count = 0;
    }
    if (msg.type === 'stop') server.close(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0)); // the benchmark ended or died
  return;
}

// ---------------------------------------------------------------- the benchmark
const { Client } = require('pg');
const IORedis = require('ioredis');
const { Queue } = require('bullmq');
const nodemailer = require('nodemailer');
const { simpleParser } = require('mailparser');

const LETTERS = Number(process.env.BENCH_LETTERS ?? 10000);
const CONCURRENCY = process.env.WORKER_CONCURRENCY ?? '50';
const POOL = process.env.SMTP_POOL_SIZE ?? '5';
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB = 'rally_bench_letters';
// Production settings need a secret nobody knows; one per run is enough for a benchmark.
const APP_SECRET = randomBytes(48).toString('base64url');
const PREFIX = `rally-bench-letters-${process.pid}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  return u.toString();
})();

// The Vermont delegation (ZIP 05401), as the letters lib stores targets on outbox rows.
const TARGETS = [
  { id: 'S000033', name: 'Bernard Sanders', title: 'Senator', chamber: 'senate', state: 'VT', district: null },
  { id: 'W000800', name: 'Peter Welch', title: 'Senator', chamber: 'senate', state: 'VT', district: null },
  { id: 'B001318', name: 'Becca Balint', title: 'Representative', chamber: 'house', state: 'VT', district: 0 },
].map((t) => ({ ...t, deliverable: true, channel: 'email', email: `${t.id}@congress.rally.test` }));

const INSERT_SQL = `
WITH act AS (SELECT id FROM actions WHERE slug = 'write-to-congress'),
sup AS (
  INSERT INTO supporters (email, email_normalized, given_name, family_name, zip)
  SELECT 'bench' || g || '@example.org', 'bench' || g || '@example.org', 'Bench', 'Supporter ' || g, '05401'
    FROM generate_series(1, $1::int) g
  RETURNING id
), sub AS (
  INSERT INTO submissions (action_id, supporter_id, status, counted_at, zip, address, letter_text, source)
  SELECT act.id, sup.id, 'counted', now(), '05401', '1 Church St, Burlington, VT 05401', 'Please pass the ENABLERS Act.', 'bench' FROM sup, act
  RETURNING id, supporter_id, action_id
)
INSERT INTO messages (kind, action_id, submission_id, supporter_id, target, channel, status)
SELECT 'letter', sub.action_id, sub.id, sub.supporter_id, t.target, 'email', 'queued'
  FROM sub, jsonb_array_elements($2::jsonb) AS t(target)
 LIMIT $3
RETURNING id::text`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

function ask(child, type) {
  return new Promise((resolve) => {
    const on = (msg) => {
      if (msg.type !== type) return;
      child.off('message', on);
      resolve(msg);
    };
    child.on('message', on);
    child.send({ type });
  });
}

async function waitForCount(sink, n, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { count } = await ask(sink, 'count');
    if (count >= n) return true;
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
}

async function admin(sql) {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function workerEnv(smtpUrl, migrate) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    APP_SECRET,
    CONGRESS_DELIVERY: 'placeholder',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    SMTP_URL: smtpUrl,
    WORKER_CONCURRENCY: CONCURRENCY,
    SMTP_POOL_SIZE: POOL,
    // Every letter goes to one domain here; the limiter still runs (its Redis call is measured) but does not bind.
    DELIVERY_DOMAIN_RATE: '1000000',
    LOG_LEVEL: 'info',
    MIGRATIONS_RUN: migrate ? 'true' : 'false',
  };
}

function startWorker(env) {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the worker there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, 'dist/apps/worker/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('delivery worker started')) resolve();
      if (out.length > 100000) out = out.slice(-20000);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}):\n${out.slice(-2000)}`)));
  });
  return { child, ready };
}

/** Runs the API once on a spare port so it migrates and seeds the fresh database, then stops it. */
async function migrateWithApi(env) {
  const port = 3990 + Math.floor(Math.random() * 9);
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error('the API exited while migrating');
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 600) throw new Error('the API did not become ready within 60 s');
      await sleep(100);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
  }
}

async function stopWorker(w) {
  if (w.child.exitCode !== null) return;
  w.child.kill('SIGTERM');
  await new Promise((r) => w.child.on('exit', r));
}

async function main() {
  const sink = fork(__filename, ['--sink'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((r) => sink.once('message', r));
  const smtpUrl = `smtp://127.0.0.1:${port}`;

  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  await migrateWithApi(workerEnv(smtpUrl, true)); // as `npm start` does: the API migrates and seeds
  const worker = startWorker(workerEnv(smtpUrl, false));
  await worker.ready;

  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const submissions = Math.ceil(LETTERS / TARGETS.length);
  const { rows } = await db.query(INSERT_SQL, [submissions, JSON.stringify(TARGETS), LETTERS]);
  const ids = rows.map((r) => r.id);

  // Enqueue exactly as the API does (same job options and deterministic ids).
  const { DELIVERY_JOB_OPTIONS, deliveryJobId, JOBS, QUEUES } = require(path.join(root, 'dist/libs/queue/src/queues.js'));
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUES.delivery, { connection, prefix: PREFIX });
  const t0 = Date.now();
  const cpu0 = cpuSeconds(worker.child.pid);
  for (let i = 0; i < ids.length; i += 1000) {
    await queue.addBulk(
      ids.slice(i, i + 1000).map((id) => ({ name: JOBS.deliverMessage, data: { messageId: id }, opts: { ...DELIVERY_JOB_OPTIONS, jobId: deliveryJobId(id) } })),
    );
  }
  const enqueueMs = Date.now() - t0;
  const complete = await waitForCount(sink, ids.length, 120000);
  const cpu1 = cpuSeconds(worker.child.pid);
  const workerRun = await ask(sink, 'take');
  const lastAccept = Math.max(...workerRun.accepted.map((a) => a[1]));
  const workerSeconds = (lastAccept - t0) / 1000;

  // Exactly-once check: every row sent once, Messages Sent equals the sent rows.
  await sleep(300);
  const check = (
    await db.query(`SELECT (SELECT count(*) FROM messages WHERE kind = 'letter' AND status = 'sent')::int AS sent,
                           (SELECT COALESCE(sum(messages_sent), 0)::int FROM counter_shards) AS counted`)
  ).rows[0];
  const created = new Map((await db.query(`SELECT id::int, extract(epoch FROM created_at) * 1000 AS t FROM messages`)).rows.map((r) => [r.id, Number(r.t)]));
  const latencies = workerRun.accepted.map(([id, at]) => at - (created.get(id) ?? at)).sort((a, b) => a - b);
  const perId = new Map();
  for (const [id] of workerRun.accepted) perId.set(id, (perId.get(id) ?? 0) + 1);
  const duplicates = [...perId.values()].filter((n) => n > 1).length;
  await stopWorker(worker);

  // Baseline: nodemailer alone, same pooled transport settings, same number of sends in flight,
  // the same letter (as the worker rendered it) to the same recipients.
  const { parseConfig } = require(path.join(root, 'dist/libs/config/src/config.schema.js'));
  const { smtpPoolOptions } = require(path.join(root, 'dist/libs/mail/src/smtp-transport.js'));
  const cfg = parseConfig(workerEnv(smtpUrl, false));
  const sample = await simpleParser(workerRun.sample);
  // The same extra headers the renderer set (List-Unsubscribe, Auto-Submitted, ...), so both sides compose alike.
  const STANDARD = new Set(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'content-transfer-encoding']);
  const extraHeaders = {};
  for (const line of sample.headerLines) {
    if (!STANDARD.has(line.key)) extraHeaders[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
  }
  const transport = nodemailer.createTransport(smtpPoolOptions(cfg));
  const inFlight = Number(CONCURRENCY);
  let next = 0;
  const t1 = Date.now();
  const baseCpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < ids.length) {
        const i = next++;
        await transport.sendMail({
          from: sample.from.text,
          to: TARGETS[i % 3].email,
          subject: sample.subject,
          text: sample.text,
          html: sample.html || undefined,
          headers: extraHeaders,
          messageId: `<rally.${ids[i]}@baseline>`,
        });
      }
    }),
  );
  const baselineSeconds = (Date.now() - t1) / 1000;
  const baseCpu = process.cpuUsage(baseCpu0);
  transport.close();
  await ask(sink, 'take');

  const workerRate = ids.length / workerSeconds;
  const baselineRate = ids.length / baselineSeconds;
  const result = {
    letters: ids.length,
    workerConcurrency: Number(CONCURRENCY),
    smtpPoolSize: Number(POOL),
    delivered: workerRun.accepted.length,
    complete,
    enqueueMs,
    worker: {
      lettersPerSecond: Math.round(workerRate),
      seconds: +workerSeconds.toFixed(2),
      latencyMs: { p50: Math.round(pct(latencies, 0.5)), p99: Math.round(pct(latencies, 0.99)), max: Math.round(latencies[latencies.length - 1]) },
      duplicates,
      sentRows: check.sent,
      messagesSentCounter: check.counted,
    },
    baseline: { lettersPerSecond: Math.round(baselineRate), seconds: +baselineSeconds.toFixed(2) },
    ratio: +(workerRate / baselineRate).toFixed(2),
    // On a shared machine wall-clock rates swing with other load; CPU time per letter does not.
    cpuMsPerLetter: {
      worker: cpu0 === null ? null : +(((cpu1 - cpu0) * 1000) / ids.length).toFixed(2),
      baseline: +((baseCpu.user + baseCpu.system) / 1000 / ids.length).toFixed(2),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\nworker: ${result.worker.lettersPerSecond} letters/s (p50 ${result.worker.latencyMs.p50} ms, p99 ${result.worker.latencyMs.p99} ms from row creation), ` +
      `nodemailer alone: ${result.baseline.lettersPerSecond}/s, ratio ${result.ratio}; Messages Sent ${check.counted} = sent rows ${check.sent}; ` +
      `CPU per letter: worker ${result.cpuMsPerLetter.worker} ms, nodemailer alone ${result.cpuMsPerLetter.baseline} ms`,
  );

  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  // Remove this run's remaining keys (rate-limit buckets, locks); never touches other prefixes.
  for (let cursor = '0'; ; ) {
    const [c, keys] = await connection.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) await connection.unlink(...keys);
    cursor = c;
    if (cursor === '0') break;
  }
  connection.disconnect();
  await db.end();
  sink.send({ type: 'stop' });
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
