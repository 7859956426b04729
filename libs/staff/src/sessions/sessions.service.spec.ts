import type { DataSource } from 'typeorm';
import type { RallyConfig } from '@app/config';
import { UnauthorizedError } from '@app/common';
import { strict } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { hashPassword } from '../accounts/password';
import { LoginRateLimiter, loginSubject } from './login-rate-limiter';
import { SessionsService } from './sessions.service';

const PASSWORD = 'correct horse battery';
const cfg = { STAFF_SESSION_MAX_HOURS: 12, STAFF_SESSION_IDLE_MINUTES: 120, APP_SECRET: 'x'.repeat(32) } as RallyConfig;

describe('SessionsService.login and the per-account limit', () => {
  let hash: string;
  beforeAll(async () => {
    hash = await hashPassword(PASSWORD);
  });

  /** One account, editor@example.org; records the lookups and which budget each attempt used. */
  function setup(lockedOut = false) {
    const lookups: unknown[] = [];
    const budget: string[] = [];
    const account = { id: 'u1', email: 'Editor@example.org', role: 'editor', password_hash: hash, disabled_at: null };
    const ds = strict<DataSource>({
      query: (async (sql: string, params: unknown[]) => {
        expect(sql).toMatch(/FROM staff_users WHERE lower\(email COLLATE "C"\) = \$1/);
        lookups.push(params[0]);
        return params[0] === 'editor@example.org' ? [account] : [];
      }) as any,
      transaction: (async () => undefined) as any,
    });
    const limiter = strict<LoginRateLimiter>({
      beforeAttempt: async (subject: string) => {
        budget.push(`before ${subject}`);
        if (lockedOut) throw new Error('locked');
      },
      failed: async (subject: string) => void budget.push(`failed ${subject}`),
      succeeded: async (subject: string) => void budget.push(`ok ${subject}`),
    });
    return { service: new SessionsService(ds, cfg, limiter, strict<AuditService>({})), lookups, budget };
  }

  it('every ASCII spelling of the address signs in and spends the account’s budget', async () => {
    const { service, lookups, budget } = setup();
    const result = await service.login(' EDITOR@Example.org', PASSWORD, '10.0.0.1');
    expect(result.actor).toMatchObject({ kind: 'staff', id: 'u1', role: 'editor' });
    expect(lookups).toEqual(['editor@example.org']);
    expect(budget).toEqual(['before account:u1', 'ok account:u1']);
  });

  it('a look-alike spelling (edİtor@) spends the same budget and never signs in, even with the right password', async () => {
    const { service, budget } = setup();
    await expect(service.login('edİtor@example.org', PASSWORD, '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(budget).toEqual(['before account:u1', 'failed account:u1']);
  });

  it('unknown addresses are limited on their normalised form, like known ones', async () => {
    const { service, budget } = setup();
    await expect(service.login('Nobody@Example.org', PASSWORD, '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(budget).toEqual(['before email:nobody@example.org', 'failed email:nobody@example.org']);
  });

  it('the limiter is asked before the password is checked, so a locked account refuses the right password', async () => {
    const { service, budget } = setup(true);
    for (const email of ['editor@example.org', 'edİtor@example.org']) await expect(service.login(email, PASSWORD, '10.0.0.1')).rejects.toThrow('locked');
    expect(budget).toEqual(['before account:u1', 'before account:u1']);
  });
});

describe('loginSubject', () => {
  it('is the account when there is one, else the address it imitates', () => {
    expect(loginSubject('u1', 'whatever')).toBe('account:u1');
    expect(loginSubject(null, ' Editor@example.org')).toBe('email:editor@example.org');
    expect(loginSubject(null, 'edİtor@example.org')).toBe('email:editor@example.org');
    expect(loginSubject(undefined, 'жук@example.org')).toBe('email:жук@example.org');
  });
});
