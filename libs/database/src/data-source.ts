import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * One place that turns config into TypeORM options, used by the apps, the CLI scripts and tests.
 * `synchronize` is off everywhere: the schema changes only through migrations.
 */
export function dataSourceOptions(opts: DatabaseOptions): DataSourceOptions {
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
      // Fail fast instead of hanging when Postgres is unreachable or overloaded.
      connectionTimeoutMillis: 5000,
      statement_timeout: 15000,
      idle_in_transaction_session_timeout: 30000,
    },
  };
}

export function createDataSource(opts: DatabaseOptions, entities: DataSourceOptions['entities'] = []): DataSource {
  return new DataSource({ ...dataSourceOptions(opts), entities } as DataSourceOptions);
}
