export * from './stats';
export * from './counter-shards.repository';
export * from './counters.service';
export * from './stats-broadcaster.service';
export * from './counters.module';
