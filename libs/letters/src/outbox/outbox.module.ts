import { Module } from '@nestjs/common';
import { CountersModule } from '@app/counters';
import { OutboxService } from './outbox.service';

/**
 * The outbox's state transitions. Imported by the worker (delivery) and by the API (staff retry
 * of failed messages); needs the global QueueModule for enqueueing.
 */
@Module({
  imports: [CountersModule],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class OutboxModule {}
