import { Module } from '@nestjs/common';
import { CwcChannel, EmailChannel, OutboxModule } from '@app/letters';
import { DeliverMessage, DELIVERY_CHANNELS } from './deliver-message.use-case';
import { DeliveryWorker } from './delivery.worker';
import { DomainRateLimiter } from './domain-rate-limiter';
import { OutboxSweeper } from './outbox-sweeper';
import { SendReceipts } from './send-receipts';

/**
 * Worker-only: the delivery processor, its channels, the per-domain rate limit and the outbox
 * sweeper. Only the worker imports this module, so only the worker starts processors. The
 * renderer (MESSAGE_RENDERER) comes from the global LettersModule.
 */
@Module({
  imports: [OutboxModule],
  providers: [
    EmailChannel,
    {
      provide: DELIVERY_CHANNELS,
      inject: [EmailChannel, CwcChannel],
      useFactory: (email: EmailChannel, cwc: CwcChannel) => [email, cwc],
    },
    DomainRateLimiter,
    SendReceipts,
    DeliverMessage,
    DeliveryWorker,
    OutboxSweeper,
  ],
})
export class DeliveryModule {}
