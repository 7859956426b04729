export * from './text';
export * from './tokens';
export * from './catalogue';
export * from './supporter-emails';
export * from './unsubscribe.service';
export * from './smtp-transport';
export * from './mail.module';
