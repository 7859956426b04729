import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SubmissionsExportService } from './submissions-export.service';

@Module({ imports: [AuditModule], providers: [SubmissionsExportService], exports: [SubmissionsExportService] })
export class ExportsModule {}
