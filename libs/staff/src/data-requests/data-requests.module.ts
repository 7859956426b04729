import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DataRequestsService } from './data-requests.service';

@Module({ imports: [AuditModule], providers: [DataRequestsService], exports: [DataRequestsService] })
export class DataRequestsModule {}
