import { Module } from '@nestjs/common';
import { CountersModule } from '@app/counters';
import { SUBMISSION_GATE, SubmissionsDataModule } from '@app/submissions';
import { RateLimiterService } from './rate-limiter.service';
import { SubmissionGate } from './submission-gate.service';
import { FormGuardService } from './form-guard.service';
import { HeldSubmissionsService } from './held-submissions.service';
import { HeldSubmissionsQuery } from './held-submissions.query';
import { RetentionService } from './retention.service';

/**
 * Abuse defences and privacy housekeeping. Implements the submissions lib's SUBMISSION_GATE port:
 * the app passes this module to SubmissionsModule.forRoot (same pattern as LETTER_TARGETS).
 */
@Module({
  imports: [CountersModule, SubmissionsDataModule],
  providers: [
    RateLimiterService,
    SubmissionGate,
    { provide: SUBMISSION_GATE, useExisting: SubmissionGate },
    FormGuardService,
    HeldSubmissionsQuery,
    HeldSubmissionsService,
    RetentionService,
  ],
  exports: [SUBMISSION_GATE, RateLimiterService, SubmissionGate, FormGuardService, HeldSubmissionsService, RetentionService],
})
export class AbuseModule {}
