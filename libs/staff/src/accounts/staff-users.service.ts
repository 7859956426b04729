import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, isEmailAddress, NotFoundError, UnprocessableError } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { isRole, StaffActor, StaffRole } from '../roles';
import { hashPassword, passwordProblem } from './password';
import { normaliseStaffEmail, STAFF_EMAIL_SQL } from './staff-email';
import { returning } from '../sql';

export interface StaffUser {
  id: string;
  email: string;
  role: StaffRole;
  disabledAt: Date | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface CreateStaffUserInput {
  email: string;
  password: string;
  role: StaffRole;
}

export interface UpdateStaffUserInput {
  role?: StaffRole;
  disabled?: boolean;
  password?: string;
}

const COLUMNS = `id, email, role, disabled_at, created_at, last_login_at`;

function toUser(r: Record<string, any>): StaffUser {
  return { id: r.id, email: r.email, role: r.role, disabledAt: r.disabled_at, createdAt: r.created_at, lastLoginAt: r.last_login_at };
}

/** Staff accounts: created by an admin (or `npm run staff:create`), never deleted, only disabled. */
@Injectable()
export class StaffUsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<StaffUser[]> {
    return (await this.ds.query(`SELECT ${COLUMNS} FROM staff_users ORDER BY created_at`)).map(toUser);
  }

  async get(id: string): Promise<StaffUser> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await this.ds.query(`SELECT ${COLUMNS} FROM staff_users WHERE id = $1`, [id]) : [];
    if (!row) throw new NotFoundError(`No staff account has the id "${id}".`);
    return toUser(row);
  }

  /** The account with this email (compared in its one normalised form), or null. */
  async findByEmail(email: string): Promise<StaffUser | null> {
    const key = normaliseStaffEmail(email);
    if (!key) return null;
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM staff_users WHERE ${STAFF_EMAIL_SQL} = $1`, [key]);
    return row ? toUser(row) : null;
  }

  async create(input: CreateStaffUserInput, actor: StaffActor): Promise<StaffUser> {
    const email = (input.email ?? '').trim();
    const errors = [];
    if (!isEmailAddress(email)) errors.push({ field: 'email', message: 'email must be an email address' });
    else if (!normaliseStaffEmail(email)) errors.push({ field: 'email', message: 'staff email addresses must be plain ASCII' });
    const pw = passwordProblem(input.password);
    if (pw) errors.push({ field: 'password', message: pw });
    if (!isRole(input.role)) errors.push({ field: 'role', message: 'role must be admin, editor or viewer' });
    if (errors.length) throw new UnprocessableError(errors.map((e) => e.message).join('; '), errors);
    const hash = await hashPassword(input.password);
    return this.ds.transaction(async (m) => {
      const rows = await m.query(
        `INSERT INTO staff_users (email, password_hash, role) VALUES ($1, $2, $3)
         ON CONFLICT ((${STAFF_EMAIL_SQL})) DO NOTHING RETURNING ${COLUMNS}`,
        [email, hash, input.role],
      );
      if (!rows.length) throw new ConflictError('A staff account with this email already exists.');
      const user = toUser(rows[0]);
      await this.audit.record(m, actor, { action: 'staff_user.create', entity: 'staff_user', entityId: user.id, summary: { role: user.role } });
      return user;
    });
  }

  /** Changes role, password or enabled state. Disabling or a new password ends the account's sessions. */
  async update(id: string, input: UpdateStaffUserInput, actor: StaffActor): Promise<StaffUser> {
    const before = await this.get(id);
    if (input.role !== undefined && !isRole(input.role)) throw new UnprocessableError('role must be admin, editor or viewer', [{ field: 'role', message: 'role must be admin, editor or viewer' }]);
    if (input.password !== undefined) {
      const pw = passwordProblem(input.password);
      if (pw) throw new UnprocessableError(pw, [{ field: 'password', message: pw }]);
    }
    if (actor.kind === 'staff' && actor.id === id && (input.disabled || (input.role && input.role !== 'admin'))) {
      // An admin locking themselves out could leave nobody able to manage accounts.
      throw new ConflictError('You cannot disable or demote your own account; ask another admin.');
    }
    const hash = input.password !== undefined ? await hashPassword(input.password) : null;
    return this.ds.transaction(async (m) => {
      const [row] = await returning(
        m,
        `UPDATE staff_users SET
           role = COALESCE($2, role),
           password_hash = COALESCE($3, password_hash),
           disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN COALESCE(disabled_at, now()) ELSE NULL END,
           updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, input.role ?? null, hash, input.disabled ?? null],
      );
      const after = toUser(row);
      if (input.disabled || hash || (input.role && input.role !== before.role)) {
        await m.query(`DELETE FROM staff_sessions WHERE user_id = $1`, [id]);
      }
      await this.audit.record(m, actor, {
        action: 'staff_user.update',
        entity: 'staff_user',
        entityId: id,
        summary: {
          before: { role: before.role, disabled: !!before.disabledAt },
          after: { role: after.role, disabled: !!after.disabledAt },
          passwordChanged: !!hash,
        },
      });
      return after;
    });
  }
}
