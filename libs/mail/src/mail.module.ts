import { Module } from '@nestjs/common';
import { SubmissionsDataModule } from '@app/submissions';
import { UnsubscribeService } from './unsubscribe.service';

/** Supporter emails: templates and catalogues (pure), and unsubscribing. */
@Module({
  imports: [SubmissionsDataModule],
  providers: [UnsubscribeService],
  exports: [UnsubscribeService],
})
export class MailModule {}
