import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { StaffAuthModule } from './sessions/staff-auth.module';
import { DeliveryMonitorModule } from './delivery/delivery-monitor.module';
import { ExportsModule } from './exports/exports.module';
import { DataRequestsModule } from './data-requests/data-requests.module';

/** Everything staff do, one module per concern; the API's admin controllers import this. */
@Module({
  imports: [AuditModule, StaffAuthModule, DeliveryMonitorModule, ExportsModule, DataRequestsModule],
  exports: [AuditModule, StaffAuthModule, DeliveryMonitorModule, ExportsModule, DataRequestsModule],
})
export class StaffModule {}
