import { DataSource } from 'typeorm';
import { StaffTokenExpiry1764000008000 } from '../libs/database/src/migrations/1764000008000-StaffTokenExpiry';
import { AdminTestApi, StaffSession, startAdminApi, staffTeam } from './admin-helpers';

const PASSWORD = 'correct horse battery';
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const DAY_MS = 86_400_000;

/** Regression tests for the staff findings of the security review (issue 10). */
describe('staff security', () => {
  let api: AdminTestApi;
  let admin: StaffSession;
  let editor: StaffSession;
  let viewer: StaffSession;

  beforeAll(async () => {
    api = await startAdminApi();
    ({ admin, editor, viewer } = await staffTeam(api, PASSWORD));
  });
  afterAll(() => api.close());

  /** A second admin who makes a token; the first admin then changes that admin's account. */
  async function adminWithToken(email: string, body: Record<string, unknown> = {}): Promise<{ userId: string; token: string; id: string; json: any }> {
    const userId = await api.createStaff(email, PASSWORD, 'admin');
    const session = await api.login(email, PASSWORD);
    const created = await api.call('POST', '/api/admin/tokens', { session, body: { name: `made by ${email}`, role: 'admin', ...body } });
    expect(created.status).toBe(201);
    return { userId, token: created.json.token, id: created.json.id, json: created.json };
  }
  const createAdmin = (token: string, email: string) => api.call('POST', '/api/admin/users', { token, body: { email, password: PASSWORD, role: 'admin' } });

  describe('API tokens answer to their creator', () => {
    it('a disabled creator’s token gets 401 at once, and works again if the creator is re-enabled', async () => {
      const { userId, token } = await adminWithToken('leaver@example.org');
      expect((await api.call('GET', '/api/admin/users', { token })).status).toBe(200);

      expect((await api.call('PATCH', `/api/admin/users/${userId}`, { session: admin, body: { disabled: true } })).status).toBe(200);
      const refused = await createAdmin(token, 'backdoor@example.org');
      expect(refused.status).toBe(401);
      expect((await api.call('GET', '/api/admin/campaigns', { token })).status).toBe(401);
      expect(await api.ds.query(`SELECT 1 FROM staff_users WHERE email = 'backdoor@example.org'`)).toEqual([]);
      const [listed] = (await api.call('GET', '/api/admin/tokens', { session: admin })).json.filter((t: { createdBy: string }) => t.createdBy === userId);
      expect(listed).toMatchObject({ status: 'creator-disabled', actsAs: null });

      expect((await api.call('PATCH', `/api/admin/users/${userId}`, { session: admin, body: { disabled: false } })).status).toBe(200);
      expect((await api.call('GET', '/api/admin/campaigns', { token })).status).toBe(200);
    });

    it('a demoted creator’s token loses the admin rights: it cannot create an admin account', async () => {
      const { userId, token } = await adminWithToken('demoted@example.org');
      expect((await api.call('PATCH', `/api/admin/users/${userId}`, { session: admin, body: { role: 'editor' } })).status).toBe(200);

      const refused = await createAdmin(token, 'escalate@example.org');
      expect(refused.status).toBe(403);
      expect(await api.ds.query(`SELECT 1 FROM staff_users WHERE email = 'escalate@example.org'`)).toEqual([]);
      expect((await api.call('POST', '/api/admin/tokens', { token, body: { name: 'another', role: 'admin' } })).status).toBe(403);
      // It still does what both it and its creator may.
      expect((await api.call('GET', '/api/auth/me', { token })).json.user).toMatchObject({ role: 'editor', via: 'token' });
      expect((await api.call('POST', '/api/admin/campaigns', { token, body: { slug: 'from-a-demoted-token', title: 'Demoted' } })).status).toBe(201);

      expect((await api.call('PATCH', `/api/admin/users/${userId}`, { session: admin, body: { role: 'viewer' } })).status).toBe(200);
      expect((await api.call('POST', '/api/admin/campaigns', { token, body: { slug: 'from-a-viewer-token', title: 'Viewer' } })).status).toBe(403);
    });

    it('a token made by a token answers to the first token’s creator', async () => {
      const { userId, token } = await adminWithToken('chain@example.org');
      const child = await api.call('POST', '/api/admin/tokens', { token, body: { name: 'child', role: 'editor' } });
      expect(child.status).toBe(201);
      expect(child.json).toMatchObject({ createdBy: userId, role: 'editor', actsAs: 'editor' });
      expect((await api.call('GET', '/api/admin/campaigns', { token: child.json.token })).status).toBe(200);

      await api.call('PATCH', `/api/admin/users/${userId}`, { session: admin, body: { disabled: true } });
      expect((await api.call('GET', '/api/admin/campaigns', { token: child.json.token })).status).toBe(401);
    });

    it('an expired token gets 401', async () => {
      const { token, id } = await adminWithToken('expiring@example.org');
      expect((await api.call('GET', '/api/admin/campaigns', { token })).status).toBe(200);
      await api.ds.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      expect((await api.call('GET', '/api/admin/campaigns', { token })).status).toBe(401);
      expect((await createAdmin(token, 'late@example.org')).status).toBe(401);
      const listed = (await api.call('GET', '/api/admin/tokens', { session: admin })).json.find((t: { id: string }) => t.id === id);
      expect(listed.status).toBe('expired');
    });

    it('expires after 90 days by default, or after expiresInDays (1 to 365), shown in the answer and the list', async () => {
      const started = Date.now();
      const byDefault = await api.call('POST', '/api/admin/tokens', { session: admin, body: { name: 'default life', role: 'viewer' } });
      expect(byDefault.status).toBe(201);
      expect(Math.round((new Date(byDefault.json.expiresAt).getTime() - started) / DAY_MS)).toBe(90);
      expect(byDefault.json).toMatchObject({ status: 'active', actsAs: 'viewer', createdByEmail: 'admin@example.org' });

      const week = await api.call('POST', '/api/admin/tokens', { session: admin, body: { name: 'a week', role: 'viewer', expiresInDays: 7 } });
      expect(Math.round((new Date(week.json.expiresAt).getTime() - started) / DAY_MS)).toBe(7);
      for (const expiresInDays of [0, 366, 1.5, '30']) {
        const bad = await api.call('POST', '/api/admin/tokens', { session: admin, body: { name: 'bad', role: 'viewer', expiresInDays } });
        expect([expiresInDays, bad.status]).toEqual([expiresInDays, 422]);
      }
      const list = (await api.call('GET', '/api/admin/tokens', { session: admin })).json;
      expect(list.find((t: { id: string }) => t.id === week.json.id).expiresAt).toBe(week.json.expiresAt);
      expect(JSON.stringify(list)).not.toContain(week.json.token);
    });
  });

  describe('login limit per account', () => {
    it('staff accounts must have plain ASCII addresses, so no look-alike can be registered', async () => {
      const created = await api.call('POST', '/api/admin/users', { session: admin, body: { email: 'İnfo@example.org', password: PASSWORD, role: 'viewer' } });
      expect(created.status).toBe(422);
      expect(created.json.errors).toEqual([{ field: 'email', message: expect.stringMatching(/ASCII/) }]);
    });

    it('look-alike spellings share the account’s budget: once locked, no spelling signs in', async () => {
      await api.createStaff('tiger@example.org', PASSWORD, 'editor');
      // Failures under any spelling count against the one account.
      for (const email of ['tiger@example.org', 'TIGER@example.org', 'tİger@example.org', 'tıger@example.org', 'tigér@example.org']) {
        expect([email, (await api.call('POST', '/api/auth/login', { body: { email, password: 'wrong password' } })).status]).toEqual([email, 401]);
      }
      for (const email of ['tiger@example.org', ' Tiger@example.org', 'tİger@example.org', 'TİGER@example.org', 'ti\u0307ger@example.org']) {
        const res = await api.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
        expect([email, res.status]).toEqual([email, 429]);
      }
    });

    it('edİtor@ shares the locked budget of editor@: it never signs in, and once the account is locked it gets the same 429', async () => {
      // editor@ keeps its session from beforeAll; only new logins are locked out.
      const variant = await api.call('POST', '/api/auth/login', { body: { email: 'edİtor@example.org', password: PASSWORD } });
      expect(variant.status).toBe(401);
      expect(variant.headers.get('set-cookie')).toBeNull();
      // That attempt was the first of the account's 5 failures.
      for (let i = 0; i < 4; i++) {
        expect((await api.call('POST', '/api/auth/login', { body: { email: 'editor@example.org', password: `guess ${i}` } })).status).toBe(401);
      }
      for (const email of ['edİtor@example.org', 'editor@example.org']) {
        const res = await api.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
        expect([email, res.status]).toEqual([email, 429]);
        expect(res.headers.get('set-cookie')).toBeNull();
      }
    });
  });

  describe('signer exports', () => {
    it('a viewer gets 403 on the CSV export of personal data; editors and admins get it; viewers keep the aggregated views', async () => {
      const [{ id: action }] = await api.ds.query(`SELECT id FROM actions WHERE status = 'live' ORDER BY id LIMIT 1`);
      const refused = await api.call('GET', `/api/admin/actions/${action}/submissions.csv`, { session: viewer });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const [audited] = await api.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE '%export%'`);
      expect(audited.n).toBe(0);

      for (const session of [editor, admin]) {
        const res = await api.call('GET', `/api/admin/actions/${action}/submissions.csv`, { session });
        expect(res.status).toBe(200);
        expect(res.text.split('\r\n')[0]).toMatch(/^submission_id,/);
      }
      expect((await api.call('GET', '/api/admin/campaigns', { session: viewer })).status).toBe(200);
      expect((await api.call('GET', `/api/admin/actions/${action}/delivery`, { session: viewer })).status).toBe(200);
      expect((await api.call('GET', '/api/admin/delivery', { session: viewer })).status).toBe(200);
    });
  });

  describe('Cache-Control: no-store on every staff answer', () => {
    it('on /api/admin answers: 200, 401, 403, 404, 422, CSV', async () => {
      const [{ id: action }] = await api.ds.query(`SELECT id FROM actions ORDER BY id LIMIT 1`);
      const answers = {
        ok: await api.call('GET', '/api/admin/campaigns', { session: viewer }),
        noSession: await api.call('GET', '/api/admin/campaigns'),
        badToken: await api.call('GET', '/api/admin/campaigns', { token: 'rally_not-a-real-token-at-all' }),
        forbidden: await api.call('GET', '/api/admin/users', { session: viewer }),
        notFound: await api.call('GET', `/api/admin/campaigns/${SAMPLE_ID}`, { session: viewer }),
        noRoute: await api.call('GET', '/api/admin/no-such-thing', { session: viewer }),
        noRouteAnonymous: await api.call('GET', '/api/admin/no-such-thing?x=1'),
        invalid: await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug: 'Bad Slug', title: 'x' } }),
        csv: await api.call('GET', `/api/admin/actions/${action}/submissions.csv`, { session: editor }),
        tokens: await api.call('GET', '/api/admin/tokens', { session: admin }),
        bullBoard: await api.call('GET', '/admin/queues', { session: admin }),
        bullBoardRefused: await api.call('GET', '/admin/queues', { session: viewer }),
      };
      const seen = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, [r.status, r.headers.get('cache-control')]]));
      expect(seen).toEqual({
        ok: [200, 'no-store'],
        noSession: [401, 'no-store'],
        badToken: [401, 'no-store'],
        forbidden: [403, 'no-store'],
        notFound: [404, 'no-store'],
        noRoute: [404, 'no-store'],
        noRouteAnonymous: [404, 'no-store'],
        invalid: [422, 'no-store'],
        csv: [200, 'no-store'],
        tokens: [200, 'no-store'],
        bullBoard: [200, 'no-store'],
        bullBoardRefused: [403, 'no-store'],
      });
    });

    it('on login, logout, /api/auth/me and the console page', async () => {
      const session = await api.login('viewer@example.org', PASSWORD);
      const answers = {
        login: await api.call('POST', '/api/auth/login', { body: { email: 'viewer@example.org', password: PASSWORD } }),
        loginRefused: await api.call('POST', '/api/auth/login', { body: { email: 'viewer@example.org', password: 'not the password' } }),
        me: await api.call('GET', '/api/auth/me', { session }),
        meAnonymous: await api.call('GET', '/api/auth/me'),
        console: await api.call('GET', '/admin'),
        logout: await api.call('POST', '/api/auth/logout', { session }),
      };
      const seen = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, [r.status, r.headers.get('cache-control')]]));
      expect(seen).toEqual({
        login: [200, 'no-store'],
        loginRefused: [401, 'no-store'],
        me: [200, 'no-store'],
        meAnonymous: [401, 'no-store'],
        console: [200, 'no-store'],
        logout: [204, 'no-store'],
      });
      // Public answers keep their own caching rules.
      expect((await api.call('GET', '/api/campaigns')).headers.get('cache-control')).not.toBe('no-store');
    });
  });

  describe('migration 1764000008000-StaffTokenExpiry', () => {
    it('gives existing tokens an expiry, ties tokens made by tokens to their creator and revokes tokens nobody answers for', async () => {
      const ds: DataSource = api.ds;
      const migration = new StaffTokenExpiry1764000008000();
      const q = ds.createQueryRunner();
      try {
        await migration.down(q);
        const [{ id: owner }] = await ds.query(`SELECT id FROM staff_users WHERE email = 'admin@example.org'`);
        const insert = async (name: string, createdBy: string | null, ageDays: number): Promise<string> =>
          (
            await ds.query(
              `INSERT INTO api_tokens (name, token_hash, role, created_by, created_at) VALUES ($1, md5($1), 'admin', $2, now() - make_interval(days => $3)) RETURNING id`,
              [`legacy ${name}`, createdBy, ageDays],
            )
          )[0].id;
        const old = await insert('old', owner, 100);
        const young = await insert('young', owner, 10);
        const child = await insert('child', null, 5);
        const grandchild = await insert('grandchild', null, 1);
        const orphan = await insert('orphan', null, 1);
        for (const [actor, made] of [[young, child], [child, grandchild]]) {
          await ds.query(`INSERT INTO audit_log (actor_kind, actor_id, action, entity, entity_id) VALUES ('token', $1, 'api_token.create', 'api_token', $2)`, [actor, made]);
        }

        await migration.up(q);
        const rows: Array<{ id: string; created_by: string | null; revoked: boolean; days_left: number }> = await ds.query(
          `SELECT id, created_by, revoked_at IS NOT NULL AS revoked, round(extract(epoch FROM expires_at - now()) / 86400)::int AS days_left
             FROM api_tokens WHERE id = ANY($1)`,
          [[old, young, child, grandchild, orphan]],
        );
        const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
        expect(byId[old]).toMatchObject({ created_by: owner, revoked: false, days_left: 30 });
        expect(byId[young]).toMatchObject({ created_by: owner, revoked: false, days_left: 80 });
        expect(byId[child]).toMatchObject({ created_by: owner, revoked: false, days_left: 85 });
        expect(byId[grandchild]).toMatchObject({ created_by: owner, revoked: false, days_left: 89 });
        expect(byId[orphan]).toMatchObject({ created_by: null, revoked: true });
        await expect(ds.query(`UPDATE api_tokens SET revoked_at = NULL WHERE id = $1`, [orphan])).rejects.toThrow(/api_tokens_owner_check/);
        await expect(ds.query(`INSERT INTO api_tokens (name, token_hash, role, created_by) VALUES ('x', 'y', 'admin', $1)`, [owner])).rejects.toThrow(/expires_at/);
      } finally {
        await q.release();
      }
    });
  });
});
