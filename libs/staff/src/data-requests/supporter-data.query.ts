import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Everything Rally holds about one supporter, for a data request: their supporter row, their
 * submissions with the action and campaign, and their messages. Reads across the submissions,
 * campaigns and letters libs' tables in one place; it writes nothing.
 */
@Injectable()
export class SupporterDataQuery {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The supporter with this normalized email, or undefined. */
  async supporter(emailNormalized: string): Promise<Record<string, any> | undefined> {
    const [row] = await this.ds.query(
      `SELECT id, email, given_name AS "givenName", family_name AS "familyName", zip, email_opt_in AS "emailOptIn",
              unsubscribed_at AS "unsubscribedAt", created_at AS "createdAt"
         FROM supporters WHERE email_normalized = $1`,
      [emailNormalized],
    );
    return row;
  }

  async recordsOf(supporterId: string): Promise<{ submissions: Array<Record<string, unknown>>; messages: Array<Record<string, unknown>> }> {
    const submissions = await this.ds.query(
      `SELECT s.id, a.slug AS action, c.slug AS campaign, s.status, s.zip, s.district, s.address, s.letter_text AS "letterText",
              s.source, s.referrer, s.created_at AS "createdAt", s.counted_at AS "countedAt"
         FROM submissions s JOIN actions a ON a.id = s.action_id JOIN campaigns c ON c.id = a.campaign_id
        WHERE s.supporter_id = $1 ORDER BY s.id`,
      [supporterId],
    );
    const messages = await this.ds.query(
      `SELECT id, kind, channel, status, target->>'name' AS "targetName", created_at AS "createdAt", sent_at AS "sentAt"
         FROM messages WHERE supporter_id = $1 ORDER BY id`,
      [supporterId],
    );
    return { submissions, messages };
  }
}
