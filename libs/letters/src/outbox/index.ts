export * from './outbox.service';
export * from './outbox.module';
export { cancelUnsentSql, releaseAwaitingSql } from './outbox.sql';
