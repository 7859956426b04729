import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CampaignAdminModule } from '@app/campaigns';
import { LettersModule } from '@app/letters';
import { AuditModule, AuditService, StaffModule } from '@app/staff';
import { AuthController } from './auth.controller';
import { AdminCampaignsController } from './admin-campaigns.controller';
import { AdminActionsController } from './admin-actions.controller';
import { AdminDeliveryController } from './admin-delivery.controller';
import { AdminStaffController } from './admin-staff.controller';
import { AdminDataRequestsController } from './admin-data-requests.controller';
import { StaffGuard } from './staff.guard';

/** Staff login and the admin API. StaffGuard is global so that no /api/admin/ route escapes it. */
@Module({
  imports: [StaffModule, LettersModule, CampaignAdminModule.withAudit({ imports: [AuditModule], useExisting: AuditService })],
  controllers: [AuthController, AdminCampaignsController, AdminActionsController, AdminDeliveryController, AdminStaffController, AdminDataRequestsController],
  providers: [{ provide: APP_GUARD, useClass: StaffGuard }],
})
export class AdminModule {}
