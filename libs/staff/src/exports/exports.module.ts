import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SubmissionsExportService } from './submissions-export.service';
import { SignersExportQuery } from './signers-export.query';

@Module({ imports: [AuditModule], providers: [SignersExportQuery, SubmissionsExportService], exports: [SubmissionsExportService] })
export class ExportsModule {}
