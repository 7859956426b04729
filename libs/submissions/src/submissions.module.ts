import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule } from '@app/campaigns';
import { CountersModule } from '@app/counters';
import { SupporterEntity } from './supporter.entity';
import { SubmissionEntity } from './submission.entity';
import { SubmissionsService } from './submissions.service';
import { TakeActionRepository } from './take-action.repository';
import { SubmissionsDataModule } from './submissions-data.module';

/** The modules that implement this lib's ports (they must export LETTER_TARGETS, OUTBOX_ROWS and SUBMISSION_GATE). */
export interface SubmissionPortsOptions {
  imports: NonNullable<ModuleMetadata['imports']>;
}

/**
 * Taking actions. The lib knows its ports (LETTER_TARGETS, SUBMISSION_GATE) but not who
 * implements them: the app names the implementing modules in `forRoot`, and both ports are
 * required, so an app assembled without one of them refuses to boot ("Nest can't resolve
 * dependencies of the SubmissionsService ... Symbol(SUBMISSION_GATE)") instead of running
 * without rate limits. Build it once per app and import that one instance wherever
 * SubmissionsService is needed (modules are keyed by reference).
 */
@Module({})
export class SubmissionsModule {
  static forRoot(ports: SubmissionPortsOptions): DynamicModule {
    return {
      module: SubmissionsModule,
      imports: [TypeOrmModule.forFeature([SupporterEntity, SubmissionEntity]), CampaignsModule, CountersModule, SubmissionsDataModule, ...ports.imports],
      providers: [TakeActionRepository, SubmissionsService],
      exports: [SubmissionsService, TypeOrmModule],
    };
  }
}
