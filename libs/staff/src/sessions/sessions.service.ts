import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { ForbiddenError, hashToken, keyedHash, randomToken, rootLogger, safeEqual, UnauthorizedError, UnprocessableError } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { hashPassword, passwordProblem, verifyPassword } from '../accounts/password';
import type { StaffActor, StaffRole } from '../roles';
import { normaliseStaffEmail, STAFF_EMAIL_SQL, staffEmailLookalike } from '../accounts/staff-email';
import { LoginRateLimiter, loginSubject } from './login-rate-limiter';

export interface LoginResult {
  /** The raw session id: goes into the cookie, never stored. */
  sessionId: string;
  actor: StaffActor;
  csrfToken: string;
  expiresAt: Date;
}

/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side staff sessions in Postgres: a list that can be revoked at once (disabling an
 * account deletes its rows). The cookie carries a random id; the table holds its SHA-256.
 * Sessions end after STAFF_SESSION_IDLE_MINUTES without use or STAFF_SESSION_MAX_HOURS after login.
 */
@Injectable()
export class SessionsService {
  private readonly log = rootLogger().child({ context: 'SessionsService' });

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    // Looked up first so the failure budget belongs to the account however its address is spelt;
    // a look-alike spelling (`edİtor@` for `editor@`) spends that budget but never signs in.
    const key = normaliseStaffEmail(email);
    const lookalike = key ?? staffEmailLookalike(email);
    const [account] = lookalike
      ? await this.ds.query(`SELECT id, email, role, password_hash, disabled_at FROM staff_users WHERE ${STAFF_EMAIL_SQL} = $1`, [lookalike])
      : [];
    const user = key && account ? account : undefined;
    const subject = loginSubject(account?.id, email);
    await this.limiter.beforeAttempt(subject, ip);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!ok || user.disabled_at) {
      await this.limiter.failed(subject);
      this.log.info({ known: !!user }, 'staff login failed');
      // One answer for unknown account, wrong password and disabled account.
      throw new UnauthorizedError('The email or password is not correct.');
    }
    await this.limiter.succeeded(subject);
    const sessionId = randomToken(32);
    const idHash = hashToken(sessionId);
    const expiresAt = new Date(Date.now() + this.cfg.STAFF_SESSION_MAX_HOURS * 3600_000);
    const actor: StaffActor = { kind: 'staff', id: user.id, role: user.role, email: user.email, sessionHash: idHash };
    await this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO staff_sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [idHash, user.id, expiresAt]);
      await m.query(`UPDATE staff_users SET last_login_at = now() WHERE id = $1`, [user.id]);
      // Expired sessions of this user are swept here, so the table does not grow without bound.
      await m.query(`DELETE FROM staff_sessions WHERE user_id = $1 AND expires_at < now()`, [user.id]);
      await this.audit.record(m, actor, { action: 'staff.login', entity: 'staff_user', entityId: user.id });
    });
    return { sessionId, actor, csrfToken: this.csrfToken(idHash), expiresAt };
  }

  /** The staff member behind a session cookie, or null if unknown, expired, idle too long or disabled. */
  async resolve(sessionId: string): Promise<StaffActor | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return null;
    const idHash = hashToken(sessionId);
    const [row] = await this.ds.query(
      `SELECT u.id, u.email, u.role, s.last_seen_at FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
        WHERE s.id_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
          AND u.disabled_at IS NULL`,
      [idHash, this.cfg.STAFF_SESSION_IDLE_MINUTES],
    );
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await this.ds.query(`UPDATE staff_sessions SET last_seen_at = now() WHERE id_hash = $1`, [idHash]);
    }
    return { kind: 'staff', id: row.id, role: row.role as StaffRole, email: row.email, sessionHash: idHash };
  }

  async logout(actor: StaffActor): Promise<void> {
    if (!actor.sessionHash) return;
    await this.ds.transaction(async (m) => {
      await m.query(`DELETE FROM staff_sessions WHERE id_hash = $1`, [actor.sessionHash]);
      await this.audit.record(m, actor, { action: 'staff.logout', entity: 'staff_user', entityId: actor.id });
    });
  }

  /**
   * A staff member changes their own password: the current one is checked (a wrong one counts as
   * a failed login, so this is no side door for guessing) and every other session of theirs ends.
   */
  async changePassword(actor: StaffActor, current: string, next: string): Promise<void> {
    if (actor.kind !== 'staff' || !actor.id || !actor.sessionHash) throw new ForbiddenError('Only a signed-in staff member can change their password.');
    const problem = passwordProblem(next);
    if (problem) throw new UnprocessableError(problem, [{ field: 'newPassword', message: problem }]);
    const [user] = await this.ds.query(`SELECT password_hash FROM staff_users WHERE id = $1`, [actor.id]);
    const subject = loginSubject(actor.id, '');
    await this.limiter.beforeAttempt(subject, `session:${actor.sessionHash}`);
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.limiter.failed(subject);
      throw new UnprocessableError('The current password is not correct.', [{ field: 'currentPassword', message: 'not correct' }]);
    }
    const hash = await hashPassword(next);
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE staff_users SET password_hash = $2, updated_at = now() WHERE id = $1`, [actor.id, hash]);
      await m.query(`DELETE FROM staff_sessions WHERE user_id = $1 AND id_hash <> $2`, [actor.id, actor.sessionHash]);
      await this.audit.record(m, actor, { action: 'staff.password_change', entity: 'staff_user', entityId: actor.id });
    });
  }

  /** A staff member's live sessions, for admins (no ids: a session id is a credential). */
  async listForUser(userId: string): Promise<Array<{ createdAt: Date; lastSeenAt: Date; expiresAt: Date }>> {
    if (!/^[0-9a-f-]{36}$/i.test(userId)) return [];
    const rows = await this.ds.query(
      `SELECT created_at, last_seen_at, expires_at FROM staff_sessions
        WHERE user_id = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2) ORDER BY created_at DESC`,
      [userId, this.cfg.STAFF_SESSION_IDLE_MINUTES],
    );
    return rows.map((r: Record<string, Date>) => ({ createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at }));
  }

  /** Signs a staff member out everywhere (a lost laptop). */
  async endAllForUser(userId: string, actor: StaffActor): Promise<{ ended: number }> {
    if (!/^[0-9a-f-]{36}$/i.test(userId)) return { ended: 0 };
    return this.ds.transaction(async (m) => {
      const [, count] = await m.query(`DELETE FROM staff_sessions WHERE user_id = $1`, [userId]);
      await this.audit.record(m, actor, { action: 'staff.sessions_end', entity: 'staff_user', entityId: userId, summary: { ended: Number(count ?? 0) } });
      return { ended: Number(count ?? 0) };
    });
  }

  /** Deletes sessions past their absolute or idle expiry (called periodically). */
  async purgeExpired(): Promise<number> {
    const [, count] = await this.ds.query(
      `DELETE FROM staff_sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(mins => $1)`,
      [this.cfg.STAFF_SESSION_IDLE_MINUTES],
    );
    return Number(count ?? 0);
  }

  /** Per-session CSRF token: derived, not stored, so it needs no lookup and dies with the session. */
  csrfToken(sessionHash: string): string {
    return keyedHash(this.cfg.APP_SECRET, `csrf:${sessionHash}`);
  }

  checkCsrf(actor: StaffActor, presented: string | undefined): boolean {
    return !!actor.sessionHash && !!presented && safeEqual(presented, this.csrfToken(actor.sessionHash));
  }

  get idleMs(): number {
    return this.cfg.STAFF_SESSION_IDLE_MINUTES * 60_000;
  }
}
