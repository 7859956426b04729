export * from './queues';
export * from './redis';
export * from './queue.module';
export * from './job-registry';
export * from './schedules';
