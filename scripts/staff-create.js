#!/usr/bin/env node
// `npm run staff:create -- --email EMAIL --password PASSWORD --role admin`
// Runs the compiled CLI (libs/staff/src/cli/staff-create.ts), building dist/ first if it is missing.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'libs', 'staff', 'src', 'cli', 'staff-create.js');
if (!fs.existsSync(entry)) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root, env: { LOG_LEVEL: 'warn', ...process.env } });
process.exit(r.status ?? 1);
