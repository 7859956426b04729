#!/usr/bin/env node
// What the submission rate limits let through: one client IP versus many (X-Forwarded-For with
// TRUST_PROXY=true), default limits, NODE_ENV=production, a short autocannon run per case.
// Figures go into docs/reliability.md. `node scripts/build.js && node test/chaos/limits-bench.js`
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const path = require('node:path');
const { Client } = require('pg');
const autocannon = require('autocannon');

const root = path.resolve(__dirname, '..', '..');
// Production settings need a secret nobody knows; one per run is enough for a benchmark.
const APP_SECRET = randomBytes(48).toString('base64url');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `rally_limits_bench_${process.pid}`;
const PORT = 3990 + Math.floor(Math.random() * 9);

async function admin(sql) {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function run(label, ipFor) {
  const url = `http://127.0.0.1:${PORT}`;
  const actions = await (await fetch(`${url}/api/campaigns`)).json();
  const pledge = actions.flatMap((c) => c.actions).find((a) => a.kind === 'pledge').id;
  let n = 0;
  const statuses = {};
  const result = await autocannon({
    url: `${url}/api/actions/${pledge}/submissions`,
    connections: 20,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': ipFor(i) },
            body: JSON.stringify({ email: `${label}-${i}-${process.pid}@gmail.com`, givenName: 'Bench', familyName: 'Mark', zip: '05401' }),
          };
        },
      },
    ],
  });
  for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count.count;
  const accepted = statuses['202'] ?? 0;
  return { label, requests: result.requests.total, acceptedPerSecond: +(accepted / SECONDS).toFixed(1), refused429: statuses['429'] ?? 0, statuses };
}

async function main() {
  await admin(`CREATE DATABASE ${DB}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_SECRET,
      DATABASE_URL: u.toString(),
      REDIS_PREFIX: `rally-limits-bench-${process.pid}`,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      TRUST_PROXY: 'true',
      RATE_LIMITS: 'true',
    },
  });
  try {
    for (let i = 0; i < 150; i++) {
      if (await fetch(`http://127.0.0.1:${PORT}/health/ready`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const rows = [];
    rows.push(await run('one-ip', () => '203.0.113.9'));
    // Many clients: a new address in a new /24 for every request.
    rows.push(await run('many-ips', (i) => `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 200)}`));
    console.log(`\nSubmission rate limits (defaults, ${SECONDS} s per case, 20 connections, busy 2-core machine)`);
    console.table(rows.map(({ statuses, ...r }) => r));
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
