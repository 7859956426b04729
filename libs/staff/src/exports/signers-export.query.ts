import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SignerRow {
  id: string;
  created_at: Date;
  status: string;
  email: string | null;
  given_name: string | null;
  family_name: string | null;
  zip: string | null;
  district: number | null;
  email_opt_in: boolean;
  source: string | null;
}

/**
 * The signer export's reads: submissions joined with their supporters (libs/submissions' tables,
 * read here for speed, never written), in keyset pages over submissions.id.
 */
@Injectable()
export class SignersExportQuery {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The action's slug (for the file name), or undefined for an unknown action. */
  async actionSlug(actionId: string): Promise<string | undefined> {
    const [action] = await this.ds.query(`SELECT slug FROM actions WHERE id = $1`, [actionId]);
    return action?.slug;
  }

  /** Up to `limit` signers of the action with a submission id above `after`, in id order. */
  page(actionId: string, after: string, limit: number): Promise<SignerRow[]> {
    return this.ds.query(
      `SELECT s.id, s.created_at, s.status, p.email, p.given_name, p.family_name, s.zip, s.district, p.email_opt_in, s.source
         FROM submissions s JOIN supporters p ON p.id = s.supporter_id
        WHERE s.action_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
      [actionId, after, limit],
    );
  }
}
