import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ForbiddenError, hashToken, NotFoundError, randomToken, UnprocessableError } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { isRole, lesserRole, roleAllows, StaffActor, StaffRole } from '../roles';
import { returning } from '../sql';

/** `active`, or why the token no longer works. */
export type ApiTokenStatus = 'active' | 'revoked' | 'expired' | 'creator-disabled';

export interface ApiToken {
  id: string;
  name: string;
  /** The role it was created with: the most it may ever do. */
  role: StaffRole;
  /** What it may do now: `role` capped by its creator's current role; null when it does not work. */
  actsAs: StaffRole | null;
  status: ApiTokenStatus;
  createdBy: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Lifetime of a new token in days: the default and the bounds a creator may choose within. */
export const TOKEN_LIFETIME_DAYS = { default: 90, min: 1, max: 365 } as const;

/** Recognisable prefix, so a leaked token is easy to spot in code and by secret scanners. */
const PREFIX = 'rally_';

const SELECT = `
  SELECT t.id, t.name, t.role, t.created_by, u.email AS created_by_email, u.role AS creator_role, u.disabled_at AS creator_disabled_at,
         t.created_at, t.expires_at, t.last_used_at, t.revoked_at
    FROM api_tokens t LEFT JOIN staff_users u ON u.id = t.created_by`;

function toToken(r: Record<string, any>, now = Date.now()): ApiToken {
  const status: ApiTokenStatus = r.revoked_at
    ? 'revoked'
    : new Date(r.expires_at).getTime() <= now
      ? 'expired'
      : !r.created_by || r.creator_disabled_at
        ? 'creator-disabled'
        : 'active';
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    actsAs: status === 'active' ? lesserRole(r.role, r.creator_role) : null,
    status,
    createdBy: r.created_by,
    createdByEmail: r.created_by_email ?? null,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/**
 * Bearer tokens for integrations. The secret is shown once at creation; only its SHA-256 is kept.
 * A token answers to the staff member who created it: it acts with the lesser of its own role and
 * its creator's current role, stops the moment its creator is disabled, and expires
 * (TOKEN_LIFETIME_DAYS). A token made by another token answers to that token's creator.
 */
@Injectable()
export class ApiTokensService {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(input: { name: string; role: StaffRole; expiresInDays?: number }, actor: StaffActor): Promise<ApiToken & { token: string }> {
    const name = (input.name ?? '').trim();
    if (!name || name.length > 100) throw new UnprocessableError('name must be 1 to 100 characters', [{ field: 'name', message: 'name must be 1 to 100 characters' }]);
    if (!isRole(input.role)) throw new UnprocessableError('role must be admin, editor or viewer', [{ field: 'role', message: 'role must be admin, editor or viewer' }]);
    const days = input.expiresInDays ?? TOKEN_LIFETIME_DAYS.default;
    if (!Number.isInteger(days) || days < TOKEN_LIFETIME_DAYS.min || days > TOKEN_LIFETIME_DAYS.max) {
      const message = `expiresInDays must be a whole number from ${TOKEN_LIFETIME_DAYS.min} to ${TOKEN_LIFETIME_DAYS.max}`;
      throw new UnprocessableError(message, [{ field: 'expiresInDays', message }]);
    }
    const owner = actor.kind === 'staff' ? actor.id : actor.kind === 'token' ? actor.ownerId : null;
    if (!owner) throw new ForbiddenError('API tokens are created by a staff member, whose role and status they answer to.');
    if (!roleAllows(actor.role, input.role)) throw new ForbiddenError(`A token cannot have more than your own role (${actor.role}).`);
    const token = PREFIX + randomToken(32);
    return this.ds.transaction(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO api_tokens (name, token_hash, role, created_by, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING id`,
        [name, hashToken(token), input.role, owner, days],
      );
      await this.audit.record(m, actor, { action: 'api_token.create', entity: 'api_token', entityId: id, summary: { name, role: input.role, expiresInDays: days } });
      return { ...(await this.get(m, id)), token };
    });
  }

  async list(): Promise<ApiToken[]> {
    return (await this.ds.query(`${SELECT} ORDER BY t.created_at DESC`)).map((r: Record<string, any>) => toToken(r));
  }

  async revoke(id: string, actor: StaffActor): Promise<ApiToken> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError(`No API token has the id "${id}".`);
    return this.ds.transaction(async (m) => {
      const [row] = await returning(m, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING name`, [id]);
      if (!row) throw new NotFoundError(`No API token has the id "${id}".`);
      await this.audit.record(m, actor, { action: 'api_token.revoke', entity: 'api_token', entityId: id, summary: { name: row.name } });
      return this.get(m, id);
    });
  }

  /**
   * The actor behind a bearer token, or null if unknown, revoked, expired or its creator is
   * disabled. Checked on every request, so disabling or demoting the creator takes effect at once.
   */
  async resolve(token: string): Promise<StaffActor | null> {
    if (!token.startsWith(PREFIX) || token.length > 200) return null;
    const [row] = await this.ds.query(
      `SELECT t.id, t.role, u.id AS owner_id, u.role AS owner_role
         FROM api_tokens t JOIN staff_users u ON u.id = t.created_by
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL`,
      [hashToken(token)],
    );
    if (!row) return null;
    // last_used_at at most once a minute per token and process: integrations may poll often.
    const now = Date.now();
    if ((this.lastUsedWritten.get(row.id) ?? 0) < now - 60_000) {
      this.lastUsedWritten.set(row.id, now);
      await this.ds.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    }
    return { kind: 'token', id: row.id, role: lesserRole(row.role, row.owner_role), ownerId: row.owner_id };
  }

  private async get(m: EntityManager, id: string): Promise<ApiToken> {
    const [row] = await m.query(`${SELECT} WHERE t.id = $1`, [id]);
    return toToken(row);
  }
}
