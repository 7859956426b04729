import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { dataSourceOptions } from './data-source';

/** The TypeORM connection for an app; libs register their entities with TypeOrmModule.forFeature. */
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [RALLY_CONFIG],
          useFactory: (cfg: RallyConfig) => ({
            ...dataSourceOptions({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE, applicationName }),
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
