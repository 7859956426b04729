export * from './errors';
export * from './logger';
export * from './crypto';
