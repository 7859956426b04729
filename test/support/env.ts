import { randomBytes } from 'node:crypto';
import { parseConfig, RallyConfig } from '@app/config';
import { createTestDatabase, TestDatabase } from '../../libs/database/src/testing';

/** One test file's private world: its own database and its own Redis key prefix. */
export interface TestEnv {
  db: TestDatabase;
  prefix: string;
  config(overrides?: Record<string, string>): RallyConfig;
  /** Environment variables for child processes (API or worker started with `node dist/...`). */
  vars(overrides?: Record<string, string>): Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestEnv(): Promise<TestEnv> {
  const db = await createTestDatabase();
  const prefix = `rally-t-${randomBytes(4).toString('hex')}`;
  const vars = (overrides: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_PREFIX: prefix,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    MIGRATIONS_RUN: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_POOL_SIZE: '10',
    ...overrides,
  });
  return {
    db,
    prefix,
    vars,
    config: (overrides) => parseConfig(vars(overrides)),
    drop: () => db.drop(),
  };
}
