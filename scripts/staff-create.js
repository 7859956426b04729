#!/usr/bin/env node
// `npm run staff:create -- --email EMAIL --password PASSWORD --role admin`
// Runs the compiled CLI (libs/staff/src/cli/staff-create.ts), building dist/ first if it is missing.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { applyDevSecret } = require('./dev-secret');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'libs', 'staff', 'src', 'cli', 'staff-create.js');
if (!fs.existsSync(entry)) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// In development the same secret as `npm start` (.rally/app-secret), so the configuration checks pass.
const env = { LOG_LEVEL: 'warn', ...process.env };
applyDevSecret(env);
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root, env });
process.exit(r.status ?? 1);
