import { Module } from '@nestjs/common';
import { SmtpTransport } from '@app/mail';
import { OutboxModule } from '../outbox';
import { LettersModule } from '../letters.module';
import { CwcChannel } from './cwc.channel';
import { DeliverMessage, DELIVERY_CHANNELS } from './deliver-message.use-case';
import { DomainRateLimiter } from './domain-rate-limiter';
import { EmailChannel } from './email.channel';
import { SendReceipts } from './send-receipts';

/**
 * The delivery use case and what it needs: the channels (email over the process's SMTP pool,
 * CWC), the per-domain rate limit and the send receipts. Both apps import it (one list of lib
 * modules); only the worker's processors call DeliverMessage, so only the worker ever opens an
 * SMTP connection (the pool connects on first send). The renderer (MESSAGE_RENDERER) and the CWC
 * channel come from LettersModule.
 */
@Module({
  imports: [OutboxModule, LettersModule],
  providers: [
    SmtpTransport,
    EmailChannel,
    {
      provide: DELIVERY_CHANNELS,
      inject: [EmailChannel, CwcChannel],
      useFactory: (email: EmailChannel, cwc: CwcChannel) => [email, cwc],
    },
    DomainRateLimiter,
    SendReceipts,
    DeliverMessage,
  ],
  exports: [DeliverMessage, OutboxModule],
})
export class LetterDeliveryModule {}
