import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, RallyConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { CountersModule } from '@app/counters';
import { LettersModule } from '@app/letters';
import { DeliveryModule } from './delivery/delivery.module';
import { AbuseModule } from '@app/abuse';
import { MaintenanceModule } from './maintenance/maintenance.module';

/**
 * The worker: BullMQ processors that call lib services. No HTTP server of its own
 * (built with createApplicationContext); the same libs as the API, different entry points.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: RallyConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('rally-worker'), QueueModule, CountersModule, LettersModule, DeliveryModule, AbuseModule, MaintenanceModule],
    };
  }
}
