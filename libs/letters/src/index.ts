export * from './delivery/rendered-message';
export * from './delivery/errors';
export * from './delivery/cwc-xml';
export * from './delivery/cwc.channel';
export * from './delivery/message-render.service';
export * from './content/letter-template';
export * from './targets/letter-targets.service';
export * from './preview/preview-letter.dto';
export * from './preview/letter-preview.service';
export * from './letters.module';
// Delivery: the use case, its channels and limits, and the outbox state machine.
export * from './delivery/email.channel';
export * from './delivery/deliver-message.use-case';
export * from './delivery/domain-rate-limiter';
export * from './delivery/send-receipts';
export * from './delivery/delivery.module';
export * from './outbox';
