import { Module } from '@nestjs/common';
import { CampaignsModule } from '@app/campaigns';
import { AuditModule } from '../audit/audit.module';
import { CampaignAdminService } from './campaign-admin.service';
import { StaffLetterPreviewService } from './staff-letter-preview.service';

@Module({
  imports: [CampaignsModule, AuditModule],
  providers: [CampaignAdminService, StaffLetterPreviewService],
  exports: [CampaignAdminService, StaffLetterPreviewService],
})
export class CampaignAdminModule {}
