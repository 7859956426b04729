/**
 * The take-action statement. One round trip, one implicit transaction: every CTE sees the same
 * snapshot and either all of it commits or none. Concurrency: the supporter upsert locks the
 * supporter row, and the unique (action_id, supporter_id) index lets exactly one of many
 * simultaneous identical submissions insert; the rest see DO NOTHING and become repeats.
 *
 *  $1 email  $2 email_normalized  $3 given_name  $4 family_name  $5 zip  $6 email_opt_in
 *  $7 action_id  $8 status  $9 counter shard  $10 1 if a pledge  $11 source  $12 referrer
 *  $13 ip_hash  $14 district  $15 address  $16 letter_text  $17 outbox rows (json)
 *  $18 repeat notices per day  $19 idempotency key hash  $20 request hash  $21 response (json)
 *  $22 language of the page or request ('en'|'es'): the supporter's emails use it
 */
export const TAKE_ACTION_SQL = `
WITH act AS (
  SELECT a.id FROM actions a JOIN campaigns c ON c.id = a.campaign_id
   WHERE a.id = $7 AND a.status = 'live' AND c.status = 'live' AND (a.closes_at IS NULL OR a.closes_at > now())
), sup AS (
  INSERT INTO supporters AS s (email, email_normalized, given_name, family_name, zip, email_opt_in, lang)
  SELECT $1, $2, $3, $4, $5, $6, $22::text WHERE EXISTS (SELECT 1 FROM act)
  ON CONFLICT (email_normalized) DO UPDATE SET email_opt_in = s.email_opt_in OR EXCLUDED.email_opt_in, lang = EXCLUDED.lang, updated_at = now()
  RETURNING s.id
), sub AS (
  INSERT INTO submissions (action_id, supporter_id, status, counted_at, zip, district, address, letter_text, source, referrer, ip_hash, lang)
  SELECT $7, sup.id, $8::text, CASE WHEN $8::text = 'counted' THEN now() END, $5, $14::smallint, $15, $16, $11, $12, $13, $22::text FROM sup
  ON CONFLICT (action_id, supporter_id) DO NOTHING
  RETURNING id, supporter_id
), tally AS (
  INSERT INTO counter_shards AS c (action_id, shard, actions_taken, pledges_made)
  SELECT $7, $9::smallint, 1, $10::int FROM sub WHERE $8::text = 'counted'
  ON CONFLICT (action_id, shard) DO UPDATE
    SET actions_taken = c.actions_taken + 1, pledges_made = c.pledges_made + EXCLUDED.pledges_made
  RETURNING 1
), outbox AS (
  INSERT INTO messages (kind, action_id, submission_id, supporter_id, target, channel, status)
  SELECT m.kind, $7, sub.id, sub.supporter_id, m.target, m.channel, m.status
    FROM sub, jsonb_to_recordset($17::jsonb) AS m(kind text, target jsonb, channel text, status text)
  RETURNING id, status
), notice AS (
  INSERT INTO supporter_notices AS n (supporter_id, day, sent)
  SELECT sup.id, current_date, 1 FROM sup WHERE NOT EXISTS (SELECT 1 FROM sub)
  ON CONFLICT (supporter_id, day) DO UPDATE SET sent = n.sent + 1
  RETURNING supporter_id, sent
), repeat_mail AS (
  INSERT INTO messages (kind, action_id, supporter_id, status)
  SELECT 'already_signed', $7, notice.supporter_id, 'queued' FROM notice WHERE notice.sent <= $18::int
  RETURNING id
), idem AS (
  INSERT INTO idempotency_keys (key_hash, action_id, request_hash, response)
  SELECT $19::text, $7, $20::text, $21::jsonb WHERE $19::text IS NOT NULL AND EXISTS (SELECT 1 FROM act)
  ON CONFLICT (key_hash) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM act) AS accepted,
       EXISTS (SELECT 1 FROM sub) AS created,
       (SELECT array_agg(q.id::text) FROM (SELECT id FROM outbox WHERE status = 'queued' UNION ALL SELECT id FROM repeat_mail) q) AS queued`;

/**
 * Confirming a pending or held submission: it starts to count, its letters are released and a
 * thank-you email is queued. A second confirmation finds nothing to change.
 *  $1 token hash  $2 counter shard
 */
export const CONFIRM_SQL = `
WITH target AS (
  SELECT id, status FROM submissions WHERE confirm_token_hash = $1
), sub AS (
  UPDATE submissions s SET status = 'counted', counted_at = now()
   WHERE s.confirm_token_hash = $1 AND s.status IN ('pending', 'held')
  RETURNING s.id, s.action_id, s.supporter_id
), tally AS (
  INSERT INTO counter_shards AS c (action_id, shard, actions_taken, pledges_made)
  SELECT sub.action_id, $2::smallint, 1, CASE WHEN a.kind = 'pledge' THEN 1 ELSE 0 END
    FROM sub JOIN actions a ON a.id = sub.action_id
  ON CONFLICT (action_id, shard) DO UPDATE
    SET actions_taken = c.actions_taken + 1, pledges_made = c.pledges_made + EXCLUDED.pledges_made
  RETURNING 1
), released AS (
  UPDATE messages m SET status = 'queued', updated_at = now()
   WHERE m.submission_id IN (SELECT id FROM sub) AND m.status = 'awaiting_confirmation'
  RETURNING m.id
), thanks AS (
  INSERT INTO messages (kind, action_id, submission_id, supporter_id, status)
  SELECT 'thank_you', sub.action_id, sub.id, sub.supporter_id, 'queued' FROM sub
  RETURNING id
)
SELECT EXISTS (SELECT 1 FROM target) AS found,
       EXISTS (SELECT 1 FROM sub) AS confirmed,
       (SELECT array_agg(q.id::text) FROM (SELECT id FROM released UNION ALL SELECT id FROM thanks) q) AS queued`;
