import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Client-side bound on each query (ms); see DATABASE_QUERY_TIMEOUT_MS. */
  queryTimeoutMs?: number;
}

/**
 * A pg Client that closes itself when a query hits `query_timeout`. node-postgres 8 reports the
 * timeout but leaves the client waiting for an answer that may never come while it looks idle
 * (brianc/node-postgres#3399). `pool.query` releases it with the error, so the pool drops it, but
 * TypeORM releases it without one and the pool would hand the stuck client to the next caller.
 * `end()` destroys the socket while a query is active, and the pool drops a client that is ending.
 */
export class TimeoutDiscardingClient extends Client {}
const clientQuery = Client.prototype.query as (...args: unknown[]) => unknown;
TimeoutDiscardingClient.prototype.query = function (this: Client, ...args: unknown[]) {
  const result = clientQuery.apply(this, args);
  // The promise form (TypeORM's); the callback form goes through pool.query, which discards already.
  if (result instanceof Promise) {
    result.catch((err: Error) => {
      if (err?.message === 'Query read timeout') this.end().catch(() => undefined);
    });
  }
  return result;
} as typeof Client.prototype.query;

/**
 * One place that turns config into TypeORM options, used by the apps, the CLI scripts and tests.
 * `synchronize` is off everywhere: the schema changes only through migrations.
 */
export function dataSourceOptions(opts: DatabaseOptions): DataSourceOptions {
  const queryTimeoutMs = opts.queryTimeoutMs ?? 16000;
  return {
    type: 'postgres',
    url: opts.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTransactionMode: 'each',
    // TypeORM's own logger prints failed queries with their parameters (emails, names): never enable it.
    logging: false,
    extra: {
      max: opts.poolSize ?? 20,
      application_name: opts.applicationName ?? 'rally',
      // Fail fast instead of hanging when Postgres is unreachable or overloaded (never slower than a query may be).
      connectionTimeoutMillis: Math.min(5000, queryTimeoutMs),
      statement_timeout: 15000,
      // Bounds a query the server never answers (a black-holed network); see TimeoutDiscardingClient.
      query_timeout: queryTimeoutMs,
      Client: TimeoutDiscardingClient,
      idle_in_transaction_session_timeout: 30000,
    },
  };
}

export function createDataSource(opts: DatabaseOptions, entities: DataSourceOptions['entities'] = []): DataSource {
  return new DataSource({ ...dataSourceOptions(opts), entities } as DataSourceOptions);
}
