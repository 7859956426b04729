import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeliveryMonitorService } from './delivery-monitor.service';

@Module({ imports: [AuditModule], providers: [DeliveryMonitorService], exports: [DeliveryMonitorService] })
export class DeliveryMonitorModule {}
