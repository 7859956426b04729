export * from './representative.types';
export * from './zip-directory';
export * from './data-files';
export * from './import-data';
export * from './representatives.service';
export * from './representatives.module';
