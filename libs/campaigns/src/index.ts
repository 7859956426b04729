export * from './campaign.entity';
export * from './action.entity';
export * from './campaigns.service';
export * from './campaigns.module';
export * from './seed';
