export * from './outbox.service';
export * from './outbox.module';
export { cancelUnsentSql, releaseAwaitingSql, OUTBOX_ROWS_SQL } from './outbox.sql';
