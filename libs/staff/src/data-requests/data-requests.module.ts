import { Module } from '@nestjs/common';
import { OutboxModule } from '@app/letters';
import { SubmissionsDataModule } from '@app/submissions';
import { AuditModule } from '../audit/audit.module';
import { DataRequestsService } from './data-requests.service';
import { SupporterDataQuery } from './supporter-data.query';

@Module({ imports: [AuditModule, SubmissionsDataModule, OutboxModule], providers: [SupporterDataQuery, DataRequestsService], exports: [DataRequestsService] })
export class DataRequestsModule {}
