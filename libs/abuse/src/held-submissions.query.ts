import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Staff's list of held submissions: submissions joined with their action and supporter (tables
 * of libs/submissions and libs/campaigns, read together here; it writes nothing). Keyset pages by
 * submission id, newest first.
 */
@Injectable()
export class HeldSubmissionsQuery {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  page(actionId: string | null, beforeId: string | null, limit: number, reason: string | null): Promise<Array<Record<string, any>>> {
    return this.ds.query(
      `SELECT s.id::text AS id, s.action_id, a.slug, s.created_at, split_part(p.email_normalized, '@', 2) AS domain,
              left(s.ip_hash, 10) AS ip_group, s.zip, s.hold_reason
         FROM submissions s JOIN actions a ON a.id = s.action_id JOIN supporters p ON p.id = s.supporter_id
        WHERE s.status = 'held' AND ($1::uuid IS NULL OR s.action_id = $1) AND ($2::bigint IS NULL OR s.id < $2)
          AND ($4::text IS NULL OR s.hold_reason = $4)
        ORDER BY s.id DESC LIMIT $3`,
      [actionId, beforeId, limit, reason],
    );
  }
}
