import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { CountersModule } from '@app/counters';
import { CampaignsModule } from '../campaigns.module';
import { CampaignsRepository } from '../campaigns.repository';
import { CampaignAdminService } from './campaign-admin.service';
import { CampaignAuditPort } from './campaign-audit.port';

/** Staff editing of campaigns and actions; the app supplies the audit log it writes to. */
@Module({})
export class CampaignAdminModule {
  static withAudit(audit: { imports: ModuleMetadata['imports']; useExisting: Type<unknown> }): DynamicModule {
    return {
      module: CampaignAdminModule,
      imports: [CampaignsModule, CountersModule, ...(audit.imports ?? [])],
      providers: [CampaignsRepository, CampaignAdminService, { provide: CampaignAuditPort, useExisting: audit.useExisting }],
      exports: [CampaignAdminService],
    };
  }
}
