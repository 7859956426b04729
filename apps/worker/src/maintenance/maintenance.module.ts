import { Module } from '@nestjs/common';
import { MaintenanceWorker } from './maintenance.worker';

/** Worker-only: housekeeping jobs (retention). RetentionService comes from the global AbuseModule. */
@Module({ providers: [MaintenanceWorker] })
export class MaintenanceModule {}
