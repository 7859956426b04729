/**
 * Errors thrown by delivery channels. The worker decides retry vs. fail from the class alone,
 * so a channel must translate every failure into one of these two.
 */
export class TransientDeliveryError extends Error {
  constructor(
    message: string,
    /** What the remote side said, stored on the outbox row (never personal data). */
    readonly response?: string,
  ) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}

export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly response?: string,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}
