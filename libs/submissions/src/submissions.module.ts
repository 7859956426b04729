import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule } from '@app/campaigns';
import { CountersModule } from '@app/counters';
import { SupporterEntity } from './supporter.entity';
import { SubmissionEntity } from './submission.entity';
import { SubmissionsService } from './submissions.service';
import { TakeActionRepository } from './take-action.repository';
import { SubmissionsDataModule } from './submissions-data.module';

@Module({
  imports: [TypeOrmModule.forFeature([SupporterEntity, SubmissionEntity]), CampaignsModule, CountersModule, SubmissionsDataModule],
  providers: [TakeActionRepository, SubmissionsService],
  exports: [SubmissionsService, TypeOrmModule],
})
export class SubmissionsModule {}
