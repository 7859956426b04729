export * from './delivery/rendered-message';
export * from './delivery/errors';
