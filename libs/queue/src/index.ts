export * from './queues';
export * from './redis';
export * from './queue.module';
