import { Module } from '@nestjs/common';
import { CampaignsModule } from '@app/campaigns';
import { LETTER_TARGETS, OUTBOX_ROWS, SubmissionsDataModule } from '@app/submissions';
import { RepresentativesModule } from '@app/representatives';
import { OUTBOX_ROWS_SQL } from './outbox/outbox.sql';
import { LetterTargetsService } from './targets/letter-targets.service';
import { LetterPreviewService } from './preview/letter-preview.service';
import { StaffLetterPreviewService } from './preview/staff-letter-preview.service';
import { MessageRenderService } from './delivery/message-render.service';
import { MessageRenderQuery } from './delivery/message-render.query';
import { MESSAGE_RENDERER } from './delivery/rendered-message';
import { CwcChannel } from './delivery/cwc.channel';

/**
 * Letters: who they go to, what they say, and how they are rendered for delivery. Implements the
 * submissions lib's ports LETTER_TARGETS and OUTBOX_ROWS (the outbox rows its statements embed):
 * the app passes this module to SubmissionsModule.forRoot (the submissions lib only knows the ports).
 */
@Module({
  imports: [CampaignsModule, RepresentativesModule, SubmissionsDataModule],
  providers: [
    LetterTargetsService,
    { provide: LETTER_TARGETS, useExisting: LetterTargetsService },
    { provide: OUTBOX_ROWS, useValue: OUTBOX_ROWS_SQL },
    LetterPreviewService,
    StaffLetterPreviewService,
    MessageRenderQuery,
    MessageRenderService,
    { provide: MESSAGE_RENDERER, useExisting: MessageRenderService },
    CwcChannel,
  ],
  exports: [LETTER_TARGETS, OUTBOX_ROWS, LetterTargetsService, LetterPreviewService, StaffLetterPreviewService, MessageRenderService, MESSAGE_RENDERER, CwcChannel],
})
export class LettersModule {}
