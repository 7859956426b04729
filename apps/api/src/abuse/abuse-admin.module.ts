import { Module } from '@nestjs/common';
import { AbuseModule } from '@app/abuse';
import { AuditModule } from '@app/staff';
import { HeldController } from './held.controller';

/** Staff endpoints of the abuse defences (behind the global StaffGuard like every /api/admin route). */
@Module({ imports: [AbuseModule, AuditModule], controllers: [HeldController] })
export class AbuseAdminModule {}
