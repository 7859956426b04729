import { Module } from '@nestjs/common';
import { OutboxModule } from '@app/letters';
import { AuditModule } from '../audit/audit.module';
import { DeliveryMonitorService } from './delivery-monitor.service';

@Module({ imports: [AuditModule, OutboxModule], providers: [DeliveryMonitorService], exports: [DeliveryMonitorService] })
export class DeliveryMonitorModule {}
