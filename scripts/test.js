#!/usr/bin/env node
// `npm test`: makes sure Postgres, Redis (and Chromium for the browser tests) are there,
// type-checks, builds dist/ (some tests start the real apps as child processes), then runs every jest test.
// Extra arguments go to jest: `npm test -- test/submissions.e2e-spec.ts`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let r = run('bash', ['scripts/ensure-services.sh', '--no-create'], { env: { ...process.env, DATABASE_URL: adminUrl, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' } });
if (r.status !== 0) process.exit(r.status ?? 1);

r = run('bash', ['scripts/ensure-chromium.sh']);
if (r.status !== 0) process.exit(r.status ?? 1);

// Type errors fail the run: the build below (swc) strips types without checking them.
r = run(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
if (r.status !== 0) process.exit(r.status ?? 1);

r = run('node', ['scripts/build.js']);
if (r.status !== 0) process.exit(r.status ?? 1);

const report = path.join(root, 'artifacts', 'jest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
const jestBin = require.resolve('jest/bin/jest');
const args = [jestBin, '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)];
if (process.env.CI) args.push('--maxWorkers=2');
r = run(process.execPath, args, { env: { ...process.env, NODE_ENV: 'test' } });

try {
  const res = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = res.numPendingTests + res.numTodoTests;
  console.log(`\ntests: ${res.numPassedTests} passed, ${res.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (res.numTotalTests === 0) process.exit(1);
} catch {
  console.log('\ntests: 0 passed, 1 failed');
  process.exit(1);
}
process.exit(r.status ?? 1);
