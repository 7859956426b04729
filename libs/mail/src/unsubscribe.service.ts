import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken, NotFoundError } from '@app/common';
import { isLinkToken } from './tokens';

/**
 * Unsubscribing from the link or the List-Unsubscribe header of a supporter email. The token is
 * looked up by its hash (stored when the email was rendered), so the link carries no id.
 * Idempotent: a second click changes nothing and still succeeds.
 */
@Injectable()
export class UnsubscribeService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether the token belongs to a supporter (for the page that shows the button). */
  async exists(token: string): Promise<boolean> {
    if (!isLinkToken(token)) return false;
    const rows = await this.ds.query(`SELECT 1 FROM supporters WHERE unsubscribe_token_hash = $1 AND erased_at IS NULL`, [hashToken(token)]);
    return rows.length > 0;
  }

  /** Stops every non-transactional email to the supporter; 404 for an unknown token. */
  async unsubscribe(token: string): Promise<void> {
    const rows = isLinkToken(token)
      ? await this.ds.query(
          `UPDATE supporters SET unsubscribed_at = coalesce(unsubscribed_at, now()), email_opt_in = false, updated_at = now()
            WHERE unsubscribe_token_hash = $1 AND erased_at IS NULL RETURNING 1`,
          [hashToken(token)],
        )
      : [];
    // TypeORM returns [rows, count] for UPDATE ... RETURNING on postgres.
    const found = Array.isArray(rows[0]) ? rows[0].length > 0 : rows.length > 0;
    if (!found) throw new NotFoundError('This unsubscribe link is not valid. It may have been mistyped.');
  }
}
