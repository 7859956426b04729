import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@app/common';
import { OutboxService } from '@app/letters';
import { SubmissionsRepository } from '@app/submissions';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../roles';
import { SupporterDataQuery } from './supporter-data.query';

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
    private readonly query: SupporterDataQuery,
  ) {}

  async export(email: string, actor: StaffActor): Promise<SupporterDataExport> {
    const supporter = await this.find(email);
    const { submissions, messages } = await this.query.recordsOf(supporter.id);
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
    const row = normalized ? await this.query.supporter(normalized) : undefined;
    if (!row) throw new NotFoundError('Rally holds no supporter with this email address.');
    return row;
  }
}
