import { DynamicModule, Global, Module } from '@nestjs/common';
import { parseConfig, RallyConfig } from './config.schema';

export const RALLY_CONFIG = Symbol('RALLY_CONFIG');

/**
 * Global module exposing the validated config under the RALLY_CONFIG token.
 * Apps parse the environment before NestFactory.create so a bad value fails in one clear line.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: RallyConfig = parseConfig(process.env)): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: RALLY_CONFIG, useValue: config }],
      exports: [RALLY_CONFIG],
    };
  }
}
