import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { migrateAndSeed } from './migrate';

/**
 * Test databases, Immich style: one template database is migrated and seeded once per change of
 * the schema or seed files; every test file clones it (`CREATE DATABASE x TEMPLATE t`, tens of ms)
 * so files run in parallel without seeing each other's data.
 */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ROOT = resolve(__dirname, '../../..');

function fingerprint(): string {
  const h = createHash('sha256');
  const add = (dir: string, filter: (f: string) => boolean) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir).sort()) {
      const full = join(dir, f);
      if (statSync(full).isDirectory()) add(full, filter);
      else if (filter(f)) h.update(f).update(readFileSync(full));
    }
  };
  add(join(ROOT, 'libs'), (f) => /(^\d+-.*\.ts$)|(seed.*\.ts$)|(template-seed.*\.ts$)/.test(f));
  add(join(ROOT, 'data'), (f) => !f.startsWith('.'));
  add(join(ROOT, 'test', 'support'), (f) => f === 'template.ts');
  return h.digest('hex').slice(0, 12);
}

export function templateName(): string {
  return `rally_tpl_${fingerprint()}`;
}

function urlFor(database: string): string {
  const u = new URL(TEST_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: TEST_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates the template if missing (safe when several jest runs start at once). */
export async function ensureTemplate(prepare: (ds: DataSource) => Promise<void>): Promise<string> {
  const name = templateName();
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(7261602)');
    try {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) return;
      const building = `${name}_build`;
      await c.query(`DROP DATABASE IF EXISTS ${building}`);
      await c.query(`CREATE DATABASE ${building}`);
      const ds = createDataSource({ url: urlFor(building), poolSize: 4, applicationName: 'rally-test-template' });
      await ds.initialize();
      try {
        await migrateAndSeed(ds, prepare);
      } finally {
        await ds.destroy();
      }
      await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      // Old templates and test databases left behind by killed runs (older than an hour).
      const stale = await c.query(
        `SELECT datname FROM pg_database d
          WHERE (datname LIKE 'rally\\_tpl\\_%' OR datname LIKE 'rally\\_t\\_%') AND datname <> $1
            AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '3 hours'`,
        [name],
      ).catch(() => ({ rows: [] as Array<{ datname: string }> }));
      for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    } finally {
      await c.query('SELECT pg_advisory_unlock(7261602)');
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the template, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `rally_t_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
    // Tests need no durability across a crash; this makes each commit cheaper.
    await c.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  return {
    name,
    url: urlFor(name),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
