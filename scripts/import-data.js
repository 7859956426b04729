#!/usr/bin/env node
// `npm run data:import [-- DIR] [--allow-shrink]`: imports the public representatives data
// (members of Congress, ZIP → district, state legislators) from DIR (default: data/) into the
// database of DATABASE_URL, in one transaction. Safe to re-run; running API and worker
// processes reload the new data by themselves (Postgres NOTIFY).
const path = require('node:path');
const fs = require('node:fs');
const { applyDevSecret } = require('./dev-secret');

const dist = path.resolve(__dirname, '..', 'dist');
if (!fs.existsSync(path.join(dist, 'libs', 'representatives'))) {
  console.error('dist/ is missing: run `node scripts/build.js` first (npm run data:import does).');
  process.exit(1);
}
const { parseConfig } = require(path.join(dist, 'libs/config/src'));
const { createDataSource, migrateAndSeed } = require(path.join(dist, 'libs/database/src'));
const { importRepresentativesData } = require(path.join(dist, 'libs/representatives/src/import-data'));
const { defaultDataDir } = require(path.join(dist, 'libs/representatives/src/data-files'));

async function main() {
  const args = process.argv.slice(2);
  const allowShrink = args.includes('--allow-shrink');
  const dirArg = args.find((a) => !a.startsWith('--'));
  const dir = dirArg ? path.resolve(dirArg) : defaultDataDir();
  // In development the same secret as `npm start` (.rally/app-secret), so the configuration checks pass.
  applyDevSecret(process.env);
  const cfg = parseConfig(process.env);
  const ds = createDataSource({ url: cfg.DATABASE_URL, poolSize: 2, applicationName: 'rally-data-import' });
  await ds.initialize();
  try {
    // A fresh database gets its tables first (same advisory lock as the API's start-up).
    await migrateAndSeed(ds);
    const r = await importRepresentativesData(ds, dir, { allowShrink });
    console.log(`Imported ${r.dir} in ${r.ms} ms`);
    const rows = [
      ['legislators', r.legislators],
      ['zip_districts', r.zipDistricts],
      ['state_legislators', r.stateLegislators],
    ];
    console.log('table              rows  inserted  updated  deleted');
    for (const [name, c] of rows) {
      console.log(
        `${name.padEnd(17)} ${String(c.total).padStart(6)} ${String(c.inserted).padStart(9)} ${String(c.updated).padStart(8)} ${String(c.deleted).padStart(8)}`,
      );
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  // Data and configuration problems get one clear line; anything else its stack.
  const known = ['DataFileError', 'ImportRefusedError', 'ConfigError'].includes(err?.constructor?.name);
  console.error(known ? `data:import failed: ${err.message}` : err);
  process.exit(1);
});
