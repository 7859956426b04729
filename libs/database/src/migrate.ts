import { DataSource } from 'typeorm';

// Arbitrary constant key for pg_advisory_lock: only one process migrates or seeds at a time.
const MIGRATION_LOCK = 7261601;

/**
 * Runs pending migrations, then an optional seed, under a session-level advisory lock so that
 * several processes starting together (two APIs and a worker) never migrate concurrently.
 */
export async function migrateAndSeed(ds: DataSource, seed?: (ds: DataSource) => Promise<void>): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
    if (seed) await seed(ds);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
