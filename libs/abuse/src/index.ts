export * from './network';
export * from './domains';
export * from './rate-limiter.service';
export * from './submission-gate.service';
export * from './form-guard.service';
export * from './held-submissions.service';
export * from './retention.service';
export * from './abuse.module';
