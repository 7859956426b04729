import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pipeline, Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { NotFoundError, isUuid } from '@app/common';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../roles';
import { csvStream } from './csv';
import { SignersExportQuery } from './signers-export.query';

/** Rows fetched per query: big enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH = 5000;

const HEADER = ['submission_id', 'submitted_at', 'status', 'email', 'given_name', 'family_name', 'zip', 'district', 'email_opt_in', 'source'];

/**
 * Signers of one action as CSV, streamed: keyset pagination over submissions.id in batches of
 * EXPORT_BATCH, each batch turned into one chunk only when the client has read the previous
 * one (Readable.from pulls lazily), so a million rows export in constant memory. Erased
 * supporters appear with empty personal fields: they still count.
 */
@Injectable()
export class SubmissionsExportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly query: SignersExportQuery,
    private readonly audit: AuditService,
  ) {}

  async open(actionId: string, actor: StaffActor): Promise<{ filename: string; stream: Readable }> {
    const slug = isUuid(actionId) ? await this.query.actionSlug(actionId) : undefined;
    if (!slug) throw new NotFoundError(`No action has the id "${actionId}".`);
    // Personal data leaves Rally here: who took it, and when, is recorded.
    await this.audit.record(this.ds, actor, { action: 'submissions.export', entity: 'action', entityId: actionId, summary: { format: 'csv' } });
    const filename = `${slug}-submissions-${new Date().toISOString().slice(0, 10)}.csv`;
    // Records are pulled one page at a time and written by csv-stringify as the client reads.
    const csv = csvStream();
    pipeline(Readable.from(this.rows(actionId), { highWaterMark: 1 }), csv, () => undefined);
    return { filename, stream: csv };
  }

  private async *rows(actionId: string): AsyncGenerator<unknown[]> {
    yield HEADER;
    // The next page is fetched while the current one is being sent: at most two pages in memory.
    let next: Promise<Array<Record<string, any>>> | null = this.page(actionId, '0');
    while (next) {
      const batch: Array<Record<string, any>> = await next;
      if (!batch.length) return;
      next = batch.length === EXPORT_BATCH ? this.page(actionId, String(batch[batch.length - 1].id)) : null;
      // If the client goes away the prefetched page is never awaited; its failure must not go unhandled.
      next?.catch(() => undefined);
      for (const r of batch) yield [r.id, r.created_at, r.status, r.email, r.given_name, r.family_name, r.zip, r.district, r.email_opt_in, r.source];
    }
  }

  private page(actionId: string, after: string): Promise<Array<Record<string, any>>> {
    return this.query.page(actionId, after, EXPORT_BATCH);
  }
}
