import { Module } from '@nestjs/common';
import { LetterDeliveryModule } from '@app/letters';
import { DeliveryWorker } from './delivery.worker';
import { OutboxSweeper } from './outbox-sweeper';

/**
 * Worker-only: the delivery processor (a thin host that hands each job to the letters lib's
 * DeliverMessage use case) and the outbox sweeper.
 */
@Module({
  imports: [LetterDeliveryModule],
  providers: [DeliveryWorker, OutboxSweeper],
})
export class DeliveryModule {}
