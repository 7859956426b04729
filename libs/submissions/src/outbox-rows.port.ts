/**
 * The outbox's SQL fragments that the take-action and confirm statements embed, so outbox rows
 * are created and released in the same statement and commit as the submission while `messages`
 * keeps one owner (libs/letters, which implements this; libs/submissions cannot import it).
 * Read once, when the statements are built at start-up.
 */
export interface OutboxRowsPort {
  /**
   * CTE body inserting outbox rows: `select` yields kind, action_id, submission_id, supporter_id,
   * target, channel, status (in that order; submission_id, target and channel may be NULL).
   * Returns id, status.
   */
  insertRowsSql(select: string): string;
  /** CTE body: the submissions' letters waiting for a confirmation go to the queue. Returns m.id. */
  releaseAwaitingSql(submissionIds: string): string;
}

export const OUTBOX_ROWS = Symbol('OUTBOX_ROWS');
