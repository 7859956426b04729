import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { dataSourceOptions } from './data-source';
import { DatabaseHealth } from './database-health';

/**
 * The TypeORM connection for an app; libs register their entities with TypeOrmModule.forFeature.
 * Global for DatabaseHealth, the process's one circuit breaker over Postgres.
 */
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [DatabaseHealth],
      exports: [DatabaseHealth],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [RALLY_CONFIG],
          useFactory: (cfg: RallyConfig) => ({
            ...dataSourceOptions({
              url: cfg.DATABASE_URL,
              poolSize: cfg.DATABASE_POOL_SIZE,
              applicationName,
              queryTimeoutMs: cfg.DATABASE_QUERY_TIMEOUT_MS,
            }),
            autoLoadEntities: true,
            // Fail start-up quickly with a clear error rather than retrying for minutes.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
    };
  }
}
