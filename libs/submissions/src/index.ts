export * from './supporter.entity';
export * from './submission.entity';
export * from './take-action.dto';
export * from './letter-targets.port';
export * from './submission-gate.port';
export * from './submissions.service';
export * from './submissions.module';
