import { Module } from '@nestjs/common';
import { UnsubscribeService } from './unsubscribe.service';

/** Supporter emails: templates and catalogues (pure), and unsubscribing. */
@Module({
  providers: [UnsubscribeService],
  exports: [UnsubscribeService],
})
export class MailModule {}
