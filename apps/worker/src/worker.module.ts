import { DynamicModule, Module } from '@nestjs/common';
import { RallyConfig } from '@app/config';
import { libModules } from '../../shared/src/lib-modules';
import { ProcessorsModule } from './processors/processors.module';

/**
 * The worker: the same lib modules as the API, with BullMQ processors instead of controllers.
 * No HTTP server of its own (built with createApplicationContext).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: RallyConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...libModules(config, 'rally-worker'), ProcessorsModule.forRoot(config)],
    };
  }
}
