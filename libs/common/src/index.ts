export * from './errors';
export * from './logger';
export * from './crypto';
export * from './coalescer';
export * from './text';
export * from './email';
export * from './validators';
