import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffActor } from '../roles';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  /** Before/after of the changed fields. Never supporters' personal data, never secrets. */
  summary?: Record<string, unknown>;
}

export interface AuditRow {
  id: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  summary: Record<string, unknown>;
}

/**
 * The append-only record of every staff write. `record` takes the caller's transaction manager so
 * the entry commits or rolls back with the change it describes. The table refuses UPDATE, DELETE
 * and TRUNCATE (trigger in the Staff migration).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(m: EntityManager | DataSource, actor: StaffActor, entry: AuditEntry): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (actor_kind, actor_id, action, entity, entity_id, summary) VALUES ($1, $2, $3, $4, $5, $6)`,
      [actor.kind, actor.id, entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.summary ?? {})],
    );
  }

  /** Newest first, keyset-paged by id. */
  async list(opts: { before?: string; limit?: number; entity?: string; entityId?: string } = {}): Promise<AuditRow[]> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
    const rows = await this.ds.query(
      `SELECT a.id, a.at, a.actor_kind, a.actor_id, u.email AS actor_email, a.action, a.entity, a.entity_id, a.summary
         FROM audit_log a LEFT JOIN staff_users u ON a.actor_kind = 'staff' AND u.id = a.actor_id
        WHERE ($1::bigint IS NULL OR a.id < $1) AND ($2::text IS NULL OR a.entity = $2) AND ($3::text IS NULL OR a.entity_id = $3)
        ORDER BY a.id DESC LIMIT $4`,
      [opts.before ?? null, opts.entity ?? null, opts.entityId ?? null, limit],
    );
    return rows.map((r: Record<string, any>) => ({
      id: String(r.id),
      at: r.at,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      summary: r.summary,
    }));
  }
}
