import { Module } from '@nestjs/common';
import { CampaignsModule } from '@app/campaigns';
import { AuditModule } from '../audit/audit.module';
import { CampaignAdminService } from './campaign-admin.service';

@Module({
  imports: [CampaignsModule, AuditModule],
  providers: [CampaignAdminService],
  exports: [CampaignAdminService],
})
export class CampaignAdminModule {}
