import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Rows of an UPDATE ... RETURNING: TypeORM answers those with [rows, count] on postgres. */
function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as T[];
}

/**
 * supporters, submissions, idempotency_keys and supporter_notices, owned by libs/submissions.
 * The take-action and confirm statements run in TakeActionRepository; everything else another lib
 * needs to change in these tables is a method here, called through its owner's module
 * (SubmissionsDataModule), never SQL of its own.
 */
@Injectable()
export class SubmissionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A stored idempotency key: the request it answered and its response. */
  async findIdempotencyKey(keyHash: string): Promise<{ request_hash: string; response: any } | undefined> {
    const [stored] = await this.ds.query(`SELECT request_hash, response FROM idempotency_keys WHERE key_hash = $1`, [keyHash]);
    return stored;
  }

  /** Stores the hash of a confirmation link's token (the same token on every render). */
  async storeConfirmTokenHash(submissionId: string, tokenHash: string): Promise<void> {
    await this.ds.query(`UPDATE submissions SET confirm_token_hash = $1 WHERE id = $2 AND confirm_token_hash IS DISTINCT FROM $1`, [tokenHash, submissionId]);
  }

  /** Stores the hash of an unsubscribe link's token (the same token on every render). */
  async storeUnsubscribeTokenHash(supporterId: string, tokenHash: string): Promise<void> {
    await this.ds.query(`UPDATE supporters SET unsubscribe_token_hash = $1 WHERE id = $2 AND unsubscribe_token_hash IS DISTINCT FROM $1`, [tokenHash, supporterId]);
  }

  /** Whether an unsubscribe token hash belongs to a supporter who is not erased. */
  async hasUnsubscribeToken(tokenHash: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM supporters WHERE unsubscribe_token_hash = $1 AND erased_at IS NULL`, [tokenHash]);
    return rows.length > 0;
  }

  /** Stops non-transactional email to the supporter with this token hash; false if none. Idempotent. */
  async unsubscribe(tokenHash: string): Promise<boolean> {
    const rows = rowsOf(
      await this.ds.query(
        `UPDATE supporters SET unsubscribed_at = coalesce(unsubscribed_at, now()), email_opt_in = false, updated_at = now()
          WHERE unsubscribe_token_hash = $1 AND erased_at IS NULL RETURNING 1`,
        [tokenHash],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Clears street address and letter text of up to `limit` submissions past retention (see
   * RetentionService for the rule); returns how many were cleared. Reads the letters' state in
   * messages to know whether delivery still needs them.
   */
  async clearPastRetention(days: number, limit: number): Promise<number> {
    // A CTE so the driver answers rows (a bare UPDATE comes back as [rows, count] from TypeORM).
    const [{ n }]: Array<{ n: number }> = await this.ds.query(
      `WITH cleared AS (UPDATE submissions SET address = NULL, letter_text = NULL
        WHERE id IN (
          SELECT s.id FROM submissions s
           WHERE (s.address IS NOT NULL OR s.letter_text IS NOT NULL)
             AND s.created_at < now() - make_interval(days => $1::int)
             AND NOT EXISTS (
               SELECT 1 FROM messages m
                WHERE m.submission_id = s.id AND m.kind = 'letter'
                  AND (m.status IN ('queued', 'sending')
                       OR (m.status IN ('sent', 'failed', 'cancelled')
                           AND COALESCE(m.sent_at, m.updated_at) >= now() - make_interval(days => $1::int))))
           LIMIT $2)
        RETURNING 1)
       SELECT count(*)::int AS n FROM cleared`,
      [days, limit],
    );
    return n;
  }

  /**
   * Erasure at the supporter's request, inside the caller's transaction: personal data goes, the
   * supporter and submission rows stay (counts do not move). Returns how many submissions it touched.
   */
  async eraseSupporter(m: EntityManager, supporterId: string): Promise<number> {
    await m.query(
      `UPDATE supporters SET email = NULL, email_normalized = NULL, given_name = NULL, family_name = NULL, zip = NULL,
              email_opt_in = false, unsubscribed_at = COALESCE(unsubscribed_at, now()), erased_at = now(), updated_at = now()
        WHERE id = $1`,
      [supporterId],
    );
    const subs = rowsOf(
      await m.query(
        `UPDATE submissions SET zip = NULL, address = NULL, letter_text = NULL, ip_hash = NULL, referrer = NULL, confirm_token_hash = NULL
          WHERE supporter_id = $1 RETURNING id`,
        [supporterId],
      ),
    );
    return subs.length;
  }
}
