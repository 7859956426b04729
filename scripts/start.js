#!/usr/bin/env node
// `npm start`: one command brings Rally up on this machine.
//  1. makes sure PostgreSQL and Redis answer (starting or installing them if needed),
//  2. builds dist/ if it is missing or older than the sources,
//  3. starts a development SMTP sink with a web inbox (unless SMTP_URL is set),
//  4. starts the API (which migrates and seeds under a lock) and then the worker,
//  5. prints the URLs, and stops everything on Ctrl-C.
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const { applyDevSecret } = require('./dev-secret');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
env.NODE_ENV ??= 'development';
const port = Number(env.PORT ?? 3000);

function must(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...env, ...extraEnv } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!fs.existsSync(path.join(root, 'node_modules'))) must('npm', ['install', '--no-audit', '--no-fund']);
must('bash', ['scripts/ensure-services.sh']);

// Development without APP_SECRET: this checkout's own random secret. Said on screen, because a
// secret nobody chose is not one to deploy with.
const devSecret = applyDevSecret(env);
if (devSecret?.error) {
  env.RALLY_INSECURE_DEV_SECRET = 'true';
  console.warn(`WARNING: APP_SECRET is not set and ${devSecret.file} cannot be written (${devSecret.error.code ?? devSecret.error.message}): running on Rally's public development secret (RALLY_INSECURE_DEV_SECRET=true), so anyone can forge this instance's links.`);
} else if (devSecret) {
  console.log(`APP_SECRET is not set: using this checkout's development secret in ${devSecret.file}${devSecret.created ? ' (just generated)' : ''}; production needs its own.`);
}
must('node', ['scripts/build.js']);

const children = [];
function start(name, file, extraEnv = {}) {
  const child = spawn(process.execPath, [file], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping Rally.`);
      stopAll(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitForHttp(url, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

(async () => {
  let inbox;
  const devMail = path.join(root, 'scripts', 'dev-mail.js');
  if (!env.SMTP_URL && fs.existsSync(devMail)) {
    const smtpPort = Number(env.DEV_SMTP_PORT ?? 1025);
    const webPort = Number(env.DEV_MAIL_WEB_PORT ?? 1080);
    start('dev mail', devMail, { DEV_SMTP_PORT: String(smtpPort), DEV_MAIL_WEB_PORT: String(webPort) });
    env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
    inbox = `http://localhost:${webPort}`;
  }
  start('api', 'dist/apps/api/src/main.js', { RALLY_SERVICE: 'rally-api' });
  if (!(await waitForHttp(`http://127.0.0.1:${port}/health/ready`, 60))) {
    console.error(`The API did not become ready on port ${port} within 60 s; see its log above.`);
    return stopAll(1);
  }
  // The API has migrated and seeded; the worker need not.
  start('worker', 'dist/apps/worker/src/main.js', { RALLY_SERVICE: 'rally-worker', MIGRATIONS_RUN: 'false' });
  const base = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const secretLine = devSecret?.error
    ? `\n  APP_SECRET         Rally's PUBLIC development secret: links can be forged`
    : devSecret
      ? `\n  APP_SECRET         development secret in ${devSecret.file}`
      : '';
  console.log(`
Rally is running.
  Take Action site   ${base}/
  Live dashboard     ${base}/dashboard
  Staff console      ${base}/admin
  API docs           ${base}/api/docs
  Health             ${base}/health/ready${inbox ? `\n  Mail inbox (dev)   ${inbox}` : ''}${secretLine}
Press Ctrl-C to stop.
`);
})();
