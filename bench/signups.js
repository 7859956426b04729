#!/usr/bin/env node
// `npm run bench:signups`: durable signups per second through the real API (production settings),
// driven by autocannon with distinct emails, against a baseline of raw single-row INSERTs from
// node-postgres over the same number of connections. Prints figures; it is not a pass/fail test.
//
//   BENCH_CONNECTIONS (50)  BENCH_SECONDS (20)  BENCH_API_PROCESSES (1)
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client, Pool } = require('pg');
const autocannon = require('autocannon');

const root = path.resolve(__dirname, '..');
// Production settings need a secret nobody knows; one per run is enough for a benchmark.
const APP_SECRET = randomBytes(48).toString('base64url');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'rally_bench';
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  return u.toString();
})();
const PORT = 3900 + Math.floor(Math.random() * 90);

async function admin(sql) {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function rawInsertBaseline() {
  const pool = new Pool({ connectionString: dbUrl, max: CONNECTIONS });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
  const seconds = Math.min(SECONDS, 10);
  const end = Date.now() + seconds * 1000;
  let n = 0;
  const latencies = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      let i = 0;
      while (Date.now() < end) {
        const t = process.hrtime.bigint();
        await pool.query('INSERT INTO bench_raw (email) VALUES ($1)', [`raw${c}-${i++}@bench.example`]);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        n++;
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { perSecond: n / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

function startApi(i) {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    APP_SECRET,
    DATABASE_URL: dbUrl,
    REDIS_PREFIX: `rally-bench-${process.pid}`,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MIGRATIONS_RUN: i === 0 ? 'true' : 'false',
    // One client IP sends everything here; the limiter is measured separately (docs/reliability.md).
    RATE_LIMITS: 'false',
    // Sending thousands of thank-you emails is not what this measures; jobs stay queued in Redis.
  };
  // Extra API processes listen on PORT+1, PORT+2...; autocannon drives each with its share of connections.
  env.PORT = String(PORT + i);
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function waitReady(port) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('API did not become ready');
}

/** CPU seconds used so far by the given processes, and by all postgres processes (Linux /proc). */
function cpuSeconds(pids) {
  const ticks = (pid) => {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let pg = 0;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (/^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') pg += ticks(pid);
    }
  } catch {}
  return { api: pids.reduce((n, pid) => n + ticks(pid), 0) / 100, postgres: pg / 100 };
}

function run(opts) {
  return new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

async function main() {
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const children = [];
  try {
    children.push(startApi(0));
    await waitReady(PORT);
    for (let i = 1; i < PROCESSES; i++) {
      children.push(startApi(i));
      await waitReady(PORT + i);
    }
    const campaigns = await (await fetch(`http://127.0.0.1:${PORT}/api/campaigns`)).json();
    const action = campaigns.flatMap((c) => c.actions).find((a) => a.kind === 'pledge');
    let seq = 0;
    const body = () =>
      JSON.stringify({ email: `signer${seq++}.${process.pid}@bench.example`, givenName: 'Bench', familyName: 'Signer', zip: '05401' });
    // Warm-up (JIT, connection pools), then the measured run.
    const mk = (duration, port) => ({
      url: `http://127.0.0.1:${port}`,
      connections: Math.ceil(CONNECTIONS / PROCESSES),
      duration,
      requests: [
        {
          method: 'POST',
          path: `/api/actions/${action.id}/submissions`,
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: body() }),
        },
      ],
    });
    await Promise.all(children.map((_, i) => run(mk(3, PORT + i))));
    const cpuBefore = cpuSeconds(children.map((c) => c.pid));
    const results = await Promise.all(children.map((_, i) => run(mk(SECONDS, PORT + i))));
    const cpuAfter = cpuSeconds(children.map((c) => c.pid));
    const ok = results.reduce((n, r) => n + (r['2xx'] ?? 0), 0);
    const errors = results.reduce((n, r) => n + r.errors + r.timeouts + (r.non2xx ?? 0), 0);
    const perSecond = ok / SECONDS;
    const p50 = Math.max(...results.map((r) => r.latency.p50));
    const p99 = Math.max(...results.map((r) => r.latency.p99));

    // Exactness check while we are here: counters equal a recount.
    // Stop the APIs first (in-flight requests finish), then read both numbers in one snapshot.
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((ch) => new Promise((r) => ch.on('exit', r))));
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    const [{ subs, counted }] = (
      await c.query(`SELECT (SELECT count(*) FROM submissions WHERE status = 'counted')::int AS subs,
                            (SELECT COALESCE(sum(actions_taken), 0) FROM counter_shards)::int AS counted`)
    ).rows;
    await c.end();
    const raw = await rawInsertBaseline();

    const ratio = perSecond / raw.perSecond;
    const perSignup = (k) => (ok ? ((cpuAfter[k] - cpuBefore[k]) * 1e6) / ok : 0).toFixed(0);
    console.log(`
Rally signup benchmark (${CONNECTIONS} connections, ${SECONDS} s, ${PROCESSES} API process(es), distinct emails, NODE_ENV=production)
  signups/s (2xx, committed)   ${perSecond.toFixed(0)}
  latency p50 / p99            ${p50} ms / ${p99} ms
  errors (non-2xx, timeouts)   ${errors}
  CPU per signup               API ${perSignup('api')} µs, Postgres ${perSignup('postgres')} µs (less sensitive to other load than signups/s)
  submissions in database      ${subs}   counters say ${counted}   ${subs === counted ? '(exact)' : '(DRIFT!)'}
Baseline: raw single-row INSERTs with node-postgres, ${CONNECTIONS} connections
  inserts/s                    ${raw.perSecond.toFixed(0)}   (p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms)
Ratio signups / raw inserts    ${ratio.toFixed(2)}
Targets: >= 1500 signups/s, p99 < 100 ms, ratio >= 0.5
`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
