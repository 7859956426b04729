import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken, NotFoundError, randomToken, UnprocessableError } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { isRole, StaffActor, StaffRole } from '../roles';
import { returning } from '../sql';

export interface ApiToken {
  id: string;
  name: string;
  role: StaffRole;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = 'id, name, role, created_by, created_at, last_used_at, revoked_at';
/** Recognisable prefix, so a leaked token is easy to spot in code and by secret scanners. */
const PREFIX = 'rally_';

function toToken(r: Record<string, any>): ApiToken {
  return { id: r.id, name: r.name, role: r.role, createdBy: r.created_by, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at };
}

/**
 * Bearer tokens for integrations. The secret is shown once at creation; only its SHA-256 is kept.
 * A token acts with the role it was given, never more than its creator's (an admin).
 */
@Injectable()
export class ApiTokensService {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(input: { name: string; role: StaffRole }, actor: StaffActor): Promise<ApiToken & { token: string }> {
    const name = (input.name ?? '').trim();
    if (!name || name.length > 100) throw new UnprocessableError('name must be 1 to 100 characters', [{ field: 'name', message: 'name must be 1 to 100 characters' }]);
    if (!isRole(input.role)) throw new UnprocessableError('role must be admin, editor or viewer', [{ field: 'role', message: 'role must be admin, editor or viewer' }]);
    const token = PREFIX + randomToken(32);
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO api_tokens (name, token_hash, role, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [name, hashToken(token), input.role, actor.kind === 'staff' ? actor.id : null],
      );
      await this.audit.record(m, actor, { action: 'api_token.create', entity: 'api_token', entityId: row.id, summary: { name, role: input.role } });
      return { ...toToken(row), token };
    });
  }

  async list(): Promise<ApiToken[]> {
    return (await this.ds.query(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC`)).map(toToken);
  }

  async revoke(id: string, actor: StaffActor): Promise<ApiToken> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError(`No API token has the id "${id}".`);
    return this.ds.transaction(async (m) => {
      const [row] = await returning(
        m,
        `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      if (!row) throw new NotFoundError(`No API token has the id "${id}".`);
      await this.audit.record(m, actor, { action: 'api_token.revoke', entity: 'api_token', entityId: id, summary: { name: row.name } });
      return toToken(row);
    });
  }

  /** The actor behind a bearer token, or null if unknown or revoked. */
  async resolve(token: string): Promise<StaffActor | null> {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    const [row] = await this.ds.query(`SELECT id, role FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
    if (!row) return null;
    // last_used_at at most once a minute per token and process: integrations may poll often.
    const now = Date.now();
    if ((this.lastUsedWritten.get(row.id) ?? 0) < now - 60_000) {
      this.lastUsedWritten.set(row.id, now);
      await this.ds.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    }
    return { kind: 'token', id: row.id, role: row.role };
  }
}
