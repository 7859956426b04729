import type { DataSource } from 'typeorm';
import { ForbiddenError, UnprocessableError } from '@app/common';
import { strict } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { lesserRole, StaffActor } from '../roles';
import { ApiTokensService } from './api-tokens.service';

const TOKEN = 'rally_' + 'a'.repeat(43);

describe('ApiTokensService.resolve', () => {
  function service(row: Record<string, unknown> | undefined) {
    const queries: string[] = [];
    const ds = strict<DataSource>({
      query: (async (sql: string) => {
        queries.push(sql);
        return sql.startsWith('UPDATE') ? [] : row ? [row] : [];
      }) as any,
    });
    return { tokens: new ApiTokensService(ds, strict<AuditService>({})), queries };
  }

  it('acts with the lesser of the token’s role and its creator’s current role', async () => {
    for (const [tokenRole, ownerRole, actsAs] of [
      ['admin', 'admin', 'admin'],
      ['admin', 'editor', 'editor'],
      ['admin', 'viewer', 'viewer'],
      ['viewer', 'admin', 'viewer'],
      ['editor', 'viewer', 'viewer'],
    ]) {
      const { tokens } = service({ id: 't1', role: tokenRole, owner_id: 'u1', owner_role: ownerRole });
      expect([tokenRole, ownerRole, await tokens.resolve(TOKEN)]).toEqual([tokenRole, ownerRole, { kind: 'token', id: 't1', role: actsAs, ownerId: 'u1' }]);
    }
  });

  it('looks only at unrevoked, unexpired tokens whose creator is enabled', async () => {
    const { tokens, queries } = service(undefined);
    expect(await tokens.resolve(TOKEN)).toBeNull();
    expect(queries[0]).toMatch(/JOIN staff_users u ON u\.id = t\.created_by/);
    expect(queries[0]).toMatch(/t\.revoked_at IS NULL AND t\.expires_at > now\(\) AND u\.disabled_at IS NULL/);
  });

  it('does not ask the database about strings that cannot be tokens', async () => {
    const { tokens, queries } = service(undefined);
    expect(await tokens.resolve('not-a-rally-token')).toBeNull();
    expect(await tokens.resolve(TOKEN + 'x'.repeat(200))).toBeNull();
    expect(queries).toEqual([]);
  });
});

describe('ApiTokensService.create', () => {
  const admin: StaffActor = { kind: 'staff', id: 'u1', role: 'admin', sessionHash: 'h' };

  /** Records the INSERT's parameters; nothing else may touch the database. */
  function service() {
    const inserts: unknown[][] = [];
    const m = {
      query: async (sql: string, params: unknown[]) => {
        if (sql.startsWith('INSERT')) return inserts.push(params), [{ id: 't9' }];
        return [{ id: 't9', name: params[0], role: 'viewer', created_by: inserts[0]?.[3], creator_role: 'admin', expires_at: new Date(Date.now() + 1e9) }];
      },
    };
    const ds = strict<DataSource>({ transaction: (async (fn: (m: unknown) => unknown) => fn(m)) as any });
    const audit = strict<AuditService>({ record: async () => undefined });
    return { tokens: new ApiTokensService(ds, audit), inserts };
  }

  it('lasts 90 days unless told otherwise, within 1 to 365', async () => {
    const { tokens, inserts } = service();
    await tokens.create({ name: 'CRM', role: 'viewer' }, admin);
    await tokens.create({ name: 'CRM', role: 'viewer', expiresInDays: 7 }, admin);
    expect(inserts.map((p) => p[4])).toEqual([90, 7]);
    for (const expiresInDays of [0, 366, 2.5, NaN]) {
      await expect(tokens.create({ name: 'CRM', role: 'viewer', expiresInDays }, admin)).rejects.toBeInstanceOf(UnprocessableError);
    }
  });

  it('answers to a staff member: a token made by a token gets that token’s creator', async () => {
    const { tokens, inserts } = service();
    const made = await tokens.create({ name: 'child', role: 'viewer' }, { kind: 'token', id: 't1', role: 'admin', ownerId: 'u7' });
    expect(inserts[0][3]).toBe('u7');
    expect(made).toMatchObject({ createdBy: 'u7', status: 'active', actsAs: 'viewer', token: expect.stringMatching(/^rally_/) });
  });

  it('refuses an owner-less creator and a role above the creator’s', async () => {
    const { tokens, inserts } = service();
    await expect(tokens.create({ name: 'x', role: 'viewer' }, { kind: 'system', id: null, role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(tokens.create({ name: 'x', role: 'viewer' }, { kind: 'token', id: 't1', role: 'admin' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(tokens.create({ name: 'x', role: 'admin' }, { ...admin, role: 'editor' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(inserts).toEqual([]);
  });
});

describe('lesserRole', () => {
  it('is the less trusted role', () => {
    expect(lesserRole('admin', 'viewer')).toBe('viewer');
    expect(lesserRole('viewer', 'admin')).toBe('viewer');
    expect(lesserRole('editor', 'admin')).toBe('editor');
    expect(lesserRole('admin', 'admin')).toBe('admin');
  });
});
