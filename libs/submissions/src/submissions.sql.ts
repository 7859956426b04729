import { addToCountersSql } from '@app/counters';
import type { OutboxRowsPort } from './outbox-rows.port';

/**
 * The take-action statement, for a batch of signups (one or many): one round trip, one implicit
 * transaction. Every CTE sees the same snapshot and either all of it commits or none. Batching
 * concurrent signups into one statement costs Postgres about a third of the work per signup
 * (the statement alone on the 2-core machine: 1,209 signups/s one per statement over 50
 * connections, 4,550/s twenty per statement over 4).
 *
 * Rules the caller keeps: a batch holds each email at most once (an upsert cannot touch one row
 * twice). Concurrency: supporters are upserted in email order, so two batches lock shared rows in
 * the same order; the supporter upsert locks the supporter row, and the unique
 * (action_id, supporter_id) index lets exactly one of many simultaneous identical submissions
 * insert, the rest see DO NOTHING and become repeats. Counted signups of one action add to one
 * counter shard per batch.
 *
 *  $1 the signups (jsonb array of SignupRow)  $2 counter shard  $3 repeat notices per day
 * Returns the open actions among the batch's (a signup for any other was not recorded), whether
 * any counted submission was created, and the outbox rows to hand to the queue.
 * Built once at start-up from the outbox's fragments (libs/letters owns `messages`).
 */
export const takeActionsSql = (outboxRows: OutboxRowsPort): string => `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    email text, email_normalized text, given_name text, family_name text, zip text, email_opt_in boolean,
    action_id uuid, status text, hold_reason text, pledge int, source text, referrer text, ip_hash text, district smallint,
    address text, letter_text text, outbox jsonb, key_hash text, request_hash text, response jsonb, lang text)
), act AS (
  SELECT a.id FROM actions a JOIN campaigns c ON c.id = a.campaign_id
   WHERE a.id IN (SELECT action_id FROM input) AND a.status = 'live' AND c.status = 'live' AND (a.closes_at IS NULL OR a.closes_at > now())
), ok AS (
  SELECT input.* FROM input JOIN act ON act.id = input.action_id
), sup AS (
  INSERT INTO supporters AS s (email, email_normalized, given_name, family_name, zip, email_opt_in, lang)
  SELECT email, email_normalized, given_name, family_name, zip, email_opt_in, lang FROM ok ORDER BY email_normalized
  ON CONFLICT (email_normalized) DO UPDATE SET email_opt_in = s.email_opt_in OR EXCLUDED.email_opt_in, lang = EXCLUDED.lang, updated_at = now()
  RETURNING s.id, s.email_normalized
), sub AS (
  INSERT INTO submissions (action_id, supporter_id, status, hold_reason, counted_at, zip, district, address, letter_text, source, referrer, ip_hash, lang)
  SELECT ok.action_id, sup.id, ok.status, ok.hold_reason, CASE WHEN ok.status = 'counted' THEN now() END, ok.zip, ok.district, ok.address, ok.letter_text, ok.source, ok.referrer, ok.ip_hash, ok.lang
    FROM ok JOIN sup USING (email_normalized)
  ON CONFLICT (action_id, supporter_id) DO NOTHING
  RETURNING id, action_id, supporter_id, status
), done AS (
  SELECT sub.id AS submission_id, sub.supporter_id, sub.status AS sub_status, ok.*
    FROM sub JOIN sup ON sup.id = sub.supporter_id JOIN ok ON ok.email_normalized = sup.email_normalized
), tally AS (
  ${addToCountersSql(
    `SELECT action_id, $2::smallint, count(*), sum(pledge) FROM done WHERE sub_status = 'counted' GROUP BY action_id ORDER BY action_id`,
    ['actions_taken', 'pledges_made'],
  )}
), outbox AS (
  ${outboxRows.insertRowsSql(
    `SELECT m.kind, d.action_id, d.submission_id, d.supporter_id, m.target, m.channel, m.status
       FROM done d, jsonb_to_recordset(d.outbox) AS m(kind text, target jsonb, channel text, status text)`,
  )}
), notice AS (
  INSERT INTO supporter_notices AS n (supporter_id, day, sent)
  SELECT sup.id, current_date, 1 FROM sup WHERE NOT EXISTS (SELECT 1 FROM sub WHERE sub.supporter_id = sup.id)
  ON CONFLICT (supporter_id, day) DO UPDATE SET sent = n.sent + 1
  RETURNING supporter_id, sent
), repeat_mail AS (
  ${outboxRows.insertRowsSql(
    `SELECT 'already_signed', ok.action_id, NULL::bigint, notice.supporter_id, NULL::jsonb, 'email', 'queued'
       FROM notice JOIN sup ON sup.id = notice.supporter_id JOIN ok ON ok.email_normalized = sup.email_normalized
      WHERE notice.sent <= $3::int`,
  )}
), idem AS (
  INSERT INTO idempotency_keys (key_hash, action_id, request_hash, response)
  SELECT key_hash, action_id, request_hash, response FROM ok WHERE key_hash IS NOT NULL
  ON CONFLICT (key_hash) DO NOTHING
  RETURNING 1
)
SELECT (SELECT array_agg(id::text) FROM act) AS open_actions,
       EXISTS (SELECT 1 FROM sub WHERE status = 'counted') AS counted,
       (SELECT array_agg(q.id::text) FROM (SELECT id FROM outbox WHERE status = 'queued' UNION ALL SELECT id FROM repeat_mail) q) AS queued`;

/**
 * Confirming a pending or held submission: it starts to count, its letters are released and a
 * thank-you email is queued. A second confirmation finds nothing to change. A held one keeps its
 * hold_reason: it records why the signature needed the confirmation.
 *  $1 token hash  $2 counter shard
 */
export const confirmSql = (outboxRows: OutboxRowsPort): string => `
WITH target AS (
  SELECT id, status FROM submissions WHERE confirm_token_hash = $1
), sub AS (
  UPDATE submissions s SET status = 'counted', counted_at = now()
   WHERE s.confirm_token_hash = $1 AND s.status IN ('pending', 'held')
  RETURNING s.id, s.action_id, s.supporter_id
), tally AS (
  ${addToCountersSql(
    `SELECT sub.action_id, $2::smallint, 1, CASE WHEN a.kind = 'pledge' THEN 1 ELSE 0 END FROM sub JOIN actions a ON a.id = sub.action_id`,
    ['actions_taken', 'pledges_made'],
  )}
), released AS (
  ${outboxRows.releaseAwaitingSql('SELECT id FROM sub')}
), thanks AS (
  ${outboxRows.insertRowsSql(`SELECT 'thank_you', sub.action_id, sub.id, sub.supporter_id, NULL::jsonb, 'email', 'queued' FROM sub`)}
)
SELECT EXISTS (SELECT 1 FROM target) AS found,
       EXISTS (SELECT 1 FROM sub) AS confirmed,
       (SELECT array_agg(q.id::text) FROM (SELECT id FROM released UNION ALL SELECT id FROM thanks) q) AS queued`;

/**
 * CTE bodies for staff decisions on held submissions (libs/abuse composes them with the outbox's
 * and the counters' fragments into one statement). $1 the submission ids. Only held rows move, so
 * a submission confirmed meanwhile stays counted.
 */
export const COUNT_HELD_SQL = `UPDATE submissions SET status = 'counted', counted_at = now()
   WHERE status = 'held' AND id = ANY($1::bigint[]) RETURNING id, action_id`;
export const REMOVE_HELD_SQL = `UPDATE submissions SET status = 'removed' WHERE status = 'held' AND id = ANY($1::bigint[]) RETURNING id`;
