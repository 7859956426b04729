import { addToCountersSql } from '@app/counters';
import type { OutboxRowsPort } from '@app/submissions';

/**
 * The outbox state machine, one statement per transition. Every transition is conditional on the
 * current status, so a duplicate job, a late retry or a worker that lost its lock cannot move a
 * row backwards or count a letter twice:
 *
 *   awaiting_confirmation ──confirm──▶ queued ──claim──▶ sending ──▶ sent
 *                                        ▲                 │ ├─────▶ failed ──retryFailed──▶ queued
 *                                        └──transient/limit┘ └─────▶ cancelled (nothing to send)
 */

// Statements whose rows the caller reads are written as `WITH x AS (UPDATE ... RETURNING) SELECT`,
// because TypeORM's query() answers a bare UPDATE with [rows, count] but a SELECT with rows.

/**
 * $1 ids. Takes queued rows, and sending rows whose previous attempt died with its worker or could
 * not record its send. Returns each claimed row's attempt number: above 1, an earlier attempt may
 * already have handed the message to the mail server.
 */
export const CLAIM_SQL = `
WITH claimed AS (
  UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = now()
   WHERE id = ANY($1::bigint[]) AND status IN ('queued', 'sending')
  RETURNING id, attempts
)
SELECT id::text, attempts FROM claimed`;

/**
 * $1 ids  $2 server responses  $3 counter shard. Marks a batch sent and, for the letters among the
 * rows this statement actually moved, adds to messages_sent in the same statement: the counter
 * and the rows commit together or not at all, so Messages Sent always equals the sent letter rows.
 */
export const MARK_SENT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::bigint[], $2::text[]) AS i(id, response) ORDER BY id
), sent AS (
  UPDATE messages m SET status = 'sent', sent_at = now(), updated_at = now(), server_response = i.response, last_error = NULL
    FROM input i
   WHERE m.id = i.id AND m.status IN ('queued', 'sending')
  RETURNING m.id, m.kind, m.action_id
), per_action AS (
  SELECT action_id, count(*)::bigint AS n FROM sent WHERE kind = 'letter' AND action_id IS NOT NULL GROUP BY action_id ORDER BY action_id
), tally AS (
  ${addToCountersSql(`SELECT action_id, $3::smallint, n FROM per_action`, ['messages_sent'])}
)
SELECT id::text, kind FROM sent`;

/** $1 id  $2 reason. */
export const MARK_FAILED_SQL = `
UPDATE messages SET status = 'failed', last_error = $2, updated_at = now()
 WHERE id = $1 AND status IN ('queued', 'sending')
RETURNING id`;

/** $1 id  $2 reason. Back to queued while BullMQ holds the job for its next attempt. */
export const MARK_FOR_RETRY_SQL = `
UPDATE messages SET status = 'queued', last_error = $2, updated_at = now()
 WHERE id = $1 AND status = 'sending'
RETURNING id`;

/** $1 id. A rate-limited job gives its claim back without using up an attempt. */
export const RELEASE_SQL = `
UPDATE messages SET status = 'queued', attempts = greatest(attempts - 1, 0), updated_at = now()
 WHERE id = $1 AND status = 'sending'
RETURNING id`;

/** $1 id  $2 reason. Nothing to send any more (supporter erased, unsubscribed, row gone). */
export const MARK_CANCELLED_SQL = `
UPDATE messages SET status = 'cancelled', last_error = $2, updated_at = now()
 WHERE id = $1 AND status IN ('queued', 'sending')
RETURNING id`;

/** $1 ids or null  $2 action id or null. Staff retry: failed rows go back to the queue with fresh attempts. */
export const RETRY_FAILED_SQL = `
WITH retried AS (
  UPDATE messages SET status = 'queued', attempts = 0, updated_at = now()
   WHERE status = 'failed'
     AND (($1::bigint[] IS NOT NULL AND id = ANY($1::bigint[])) OR ($2::uuid IS NOT NULL AND action_id = $2::uuid))
  RETURNING id
)
SELECT id::text FROM retried`;

/**
 * $1 queued older than (ms)  $2 sending older than (ms)  $3 after id  $4 limit. Rows that may have
 * lost their job; served by the partial index messages_pending_idx, in id order (keyset pages).
 */
export const SWEEP_SQL = `
SELECT id::text, status FROM messages
 WHERE status IN ('queued', 'sending') AND id > $3::bigint
   AND ((status = 'queued' AND updated_at < now() - make_interval(secs => $1::float8 / 1000))
     OR (status = 'sending' AND updated_at < now() - make_interval(secs => $2::float8 / 1000)))
 ORDER BY id
 LIMIT $4`;

/**
 * CTE bodies for statements of other libs that change submissions and must move their messages in
 * the same commit (held approval and removal in libs/abuse). `submissionIds` is a SELECT of ids.
 */

/** awaiting_confirmation → queued: the submissions' letters no longer wait. Returns m.id. */
export function releaseAwaitingSql(submissionIds: string): string {
  return `UPDATE messages m SET status = 'queued', updated_at = now()
   WHERE m.submission_id IN (${submissionIds}) AND m.status = 'awaiting_confirmation'
  RETURNING m.id`;
}

/** Unsent (one of `statuses`, only `kind` if given) → cancelled. Returns 1 per row. */
export function cancelUnsentSql(submissionIds: string, statuses: Array<'awaiting_confirmation' | 'queued'>, kind?: 'confirmation'): string {
  return `UPDATE messages m SET status = 'cancelled', updated_at = now()
   WHERE m.submission_id IN (${submissionIds})${kind ? ` AND m.kind = '${kind}'` : ''} AND m.status IN (${statuses.map((s) => `'${s}'`).join(', ')})
  RETURNING 1`;
}

/**
 * Erasure at the supporter's request ($1 supporter id): unsent messages are cancelled so nothing
 * goes out in their name (returns their ids), then mail server responses and errors, which can
 * echo the address, are cleared.
 */
export const CANCEL_FOR_ERASURE_SQL = `
WITH cancelled AS (
  UPDATE messages SET status = 'cancelled', last_error = 'erased at the supporter''s request', updated_at = now()
   WHERE supporter_id = $1 AND status IN ('awaiting_confirmation', 'queued', 'failed')
  RETURNING id
)
SELECT id::text FROM cancelled`;
export const SCRUB_SUPPORTER_MAIL_SQL = `UPDATE messages SET server_response = NULL, last_error = NULL WHERE supporter_id = $1 AND kind <> 'letter' AND status <> 'cancelled'`;
export const SCRUB_CANCELLED_SQL = `UPDATE messages SET server_response = NULL WHERE supporter_id = $1 AND status = 'cancelled'`;

/** $1 action id or null. Letters per action and status (staff's delivery view). */
export const LETTER_COUNTS_SQL = `
SELECT action_id, status, count(*)::int AS n FROM messages
 WHERE kind = 'letter' AND action_id IS NOT NULL AND ($1::uuid IS NULL OR action_id = $1) GROUP BY action_id, status`;

/** $1 action id  $2 before id or null  $3 limit. Failed letters of an action, newest first (keyset pages). */
export const FAILED_LETTERS_SQL = `
SELECT id, target->>'name' AS target_name, target->>'chamber' AS chamber, channel, attempts, last_error, updated_at
  FROM messages WHERE action_id = $1 AND kind = 'letter' AND status = 'failed' AND ($2::bigint IS NULL OR id < $2)
 ORDER BY id DESC LIMIT $3`;

/**
 * CTE body creating outbox rows; `select` yields kind, action_id, submission_id, supporter_id,
 * target, channel, status. Embedded by the take-action and confirm statements (OUTBOX_ROWS port).
 */
export function insertRowsSql(select: string): string {
  return `INSERT INTO messages (kind, action_id, submission_id, supporter_id, target, channel, status)
  ${select.trim()}
  RETURNING id, status`;
}

/** What libs/submissions gets through its OUTBOX_ROWS port. */
export const OUTBOX_ROWS_SQL: OutboxRowsPort = { insertRowsSql, releaseAwaitingSql };
