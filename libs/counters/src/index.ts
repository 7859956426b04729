export * from './stats';
export * from './counters.service';
export * from './stats-broadcaster.service';
export * from './counters.module';
