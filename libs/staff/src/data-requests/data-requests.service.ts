import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@app/common';
import { OutboxService } from '@app/letters';
import { SubmissionsRepository } from '@app/submissions';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../roles';

export interface SupporterDataExport {
  supporter: Record<string, unknown>;
  submissions: Array<Record<string, unknown>>;
  messages: Array<Record<string, unknown>>;
}

export interface ErasureResult {
  erased: boolean;
  submissions: number;
  messagesCancelled: number;
}

/**
 * Answers supporters' data requests (admin only): everything Rally holds about an address, and
 * erasure. Erasure removes personal data but keeps the submission rows and counter shards, so
 * public counts do not move; unsent messages are cancelled so nothing goes out in their name.
 * The rows change through their owners (SubmissionsRepository, OutboxService) in one transaction.
 * The audit log records the supporter's id, never the address asked about.
 */
@Injectable()
export class DataRequestsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly submissions: SubmissionsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async export(email: string, actor: StaffActor): Promise<SupporterDataExport> {
    const supporter = await this.find(email);
    const submissions = await this.ds.query(
      `SELECT s.id, a.slug AS action, c.slug AS campaign, s.status, s.zip, s.district, s.address, s.letter_text AS "letterText",
              s.source, s.referrer, s.created_at AS "createdAt", s.counted_at AS "countedAt"
         FROM submissions s JOIN actions a ON a.id = s.action_id JOIN campaigns c ON c.id = a.campaign_id
        WHERE s.supporter_id = $1 ORDER BY s.id`,
      [supporter.id],
    );
    const messages = await this.ds.query(
      `SELECT id, kind, channel, status, target->>'name' AS "targetName", created_at AS "createdAt", sent_at AS "sentAt"
         FROM messages WHERE supporter_id = $1 ORDER BY id`,
      [supporter.id],
    );
    await this.audit.record(this.ds, actor, { action: 'supporter.export', entity: 'supporter', entityId: String(supporter.id) });
    return { supporter, submissions, messages };
  }

  async erase(email: string, actor: StaffActor): Promise<ErasureResult> {
    const supporter = await this.find(email);
    return this.ds.transaction(async (m) => {
      const submissions = await this.submissions.eraseSupporter(m, supporter.id);
      const messagesCancelled = await this.outbox.cancelForErasure(m, supporter.id);
      const result = { erased: true, submissions, messagesCancelled };
      await this.audit.record(m, actor, { action: 'supporter.erase', entity: 'supporter', entityId: String(supporter.id), summary: { submissions: result.submissions, messagesCancelled: result.messagesCancelled } });
      return result;
    });
  }

  private async find(email: string): Promise<Record<string, any>> {
    const normalized = (email ?? '').trim().toLowerCase();
    const [row] = normalized
      ? await this.ds.query(
          `SELECT id, email, given_name AS "givenName", family_name AS "familyName", zip, email_opt_in AS "emailOptIn",
                  unsubscribed_at AS "unsubscribedAt", created_at AS "createdAt"
             FROM supporters WHERE email_normalized = $1`,
          [normalized],
        )
      : [];
    if (!row) throw new NotFoundError('Rally holds no supporter with this email address.');
    return row;
  }
}
