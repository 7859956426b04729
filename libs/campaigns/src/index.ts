export * from './campaign.entity';
export * from './action.entity';
export * from './campaigns.service';
export * from './campaigns.module';
export * from './seed';
export * from './campaigns.repository';
// Staff editing of campaigns and actions.
export * from './editing/campaign-admin.dto';
export * from './editing/campaign-audit.port';
export * from './editing/campaign-admin.service';
export * from './editing/campaign-admin.module';
export * from './editing/letter-rules';
