import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CampaignAdminService } from '../libs/campaigns/src';
import { staffCreate } from '../libs/staff/src/cli/staff-create';
import { QueueService, deliveryJobId } from '../libs/queue/src';
import { AdminTestApi, StaffSession, startAdminApi, staffTeam } from './admin-helpers';

const PASSWORD = 'correct horse battery';
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

describe('staff and the admin API', () => {
  let api: AdminTestApi;
  let admin: StaffSession;
  let editor: StaffSession;
  let viewer: StaffSession;

  beforeAll(async () => {
    api = await startAdminApi();
    ({ admin, editor, viewer } = await staffTeam(api, PASSWORD, 'Admin@Example.org'));
  });
  afterAll(() => api.close());

  describe('the route table', () => {
    const samplePath = (url: string) => url.replace(/:id\b/g, SAMPLE_ID).replace(/:[a-zA-Z]+/g, 'x').replace(/\*/g, 'x');
    const adminRoutes = () =>
      api.routes.filter((r) => !['HEAD', 'OPTIONS'].includes(r.method) && /^\/(api\/admin|admin\/queues)(\/|$)/.test(r.url));

    it('has admin routes to check', () => {
      expect(adminRoutes().length).toBeGreaterThan(20);
      expect(adminRoutes().some((r) => r.url.startsWith('/admin/queues/api/'))).toBe(true);
      if (process.env.SHOW_ROUTES) console.log(adminRoutes().map((r) => `${r.method} ${r.url}`).join('\n'));
    });

    it('every admin route answers 401 without a session, and with a revoked-looking token', async () => {
      for (const r of adminRoutes()) {
        const res = await api.call(r.method, samplePath(r.url), { body: ['POST', 'PATCH', 'PUT'].includes(r.method) ? {} : undefined });
        expect([r.method, r.url, res.status]).toEqual([r.method, r.url, 401]);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const bad = await api.call(r.method, samplePath(r.url), { token: 'rally_not-a-real-token-at-all' });
        expect([r.method, r.url, bad.status]).toEqual([r.method, r.url, 401]);
      }
    });

    it('every admin route declares a role, and answers 403 to a viewer when it needs more', async () => {
      const doc = (await api.call('GET', '/api/docs-json')).json;
      for (const r of adminRoutes()) {
        const bullBoard = r.url.startsWith('/admin/queues');
        const role = bullBoard ? 'admin' : doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.['x-rally-role'];
        expect([r.method, r.url, role]).toEqual([r.method, r.url, expect.stringMatching(/^(viewer|editor|admin)$/)]);
        const res = await api.call(r.method, samplePath(r.url), { session: viewer });
        const expected = role === 'viewer' ? [401, 403].includes(res.status) === false : res.status === 403;
        expect([r.method, r.url, res.status, expected]).toEqual([r.method, r.url, res.status, true]);
      }
    });

    it('lets an admin through every admin route (no 401 or 403)', async () => {
      for (const r of adminRoutes()) {
        // Skipped: destructive ones (erasure, revocation, retries, Bull Board's pause/clean/obliterate).
        if (r.method === 'DELETE' || /erase|retry/.test(r.url) || (r.url.startsWith('/admin/queues') && r.method !== 'GET')) continue;
        const res = await api.call(r.method, samplePath(r.url), { session: admin, headers: { origin: api.url } });
        expect([r.method, r.url, [401, 403].includes(res.status)]).toEqual([r.method, r.url, false]);
      }
    });
  });

  describe('sessions', () => {
    it('sets an httpOnly SameSite session cookie and answers /api/auth/me', async () => {
      const res = await api.call('POST', '/api/auth/login', { body: { email: 'EDITOR@example.org ', password: PASSWORD } });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^rally_session=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);
      expect(res.json).toMatchObject({ user: { email: 'editor@example.org', role: 'editor' }, csrfToken: expect.any(String) });
      const me = await api.call('GET', '/api/auth/me', { session: { cookie: cookie.split(';')[0], csrf: '' } });
      expect(me.json.user.role).toBe('editor');
    });

    it('answers a wrong password and an unknown account alike with 401', async () => {
      const a = await api.call('POST', '/api/auth/login', { body: { email: 'viewer@example.org', password: 'wrong password' } });
      const b = await api.call('POST', '/api/auth/login', { body: { email: 'nobody@example.org', password: 'wrong password' } });
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      expect(a.json.detail).toBe(b.json.detail);
    });

    it('ends the session on logout', async () => {
      const s = await api.login('viewer@example.org', PASSWORD);
      expect((await api.call('GET', '/api/admin/campaigns', { session: s })).status).toBe(200);
      expect((await api.call('POST', '/api/auth/logout', { session: s, noCsrf: true })).status).toBe(403);
      expect((await api.call('POST', '/api/auth/logout', { session: s })).status).toBe(204);
      expect((await api.call('GET', '/api/admin/campaigns', { session: s })).status).toBe(401);
    });

    it('ends every session of an account an admin disables', async () => {
      const id = await api.createStaff('leaver@example.org', PASSWORD, 'editor');
      const s = await api.login('leaver@example.org', PASSWORD);
      expect((await api.call('PATCH', `/api/admin/users/${id}`, { session: admin, body: { disabled: true } })).status).toBe(200);
      expect((await api.call('GET', '/api/admin/campaigns', { session: s })).status).toBe(401);
      expect((await api.call('POST', '/api/auth/login', { body: { email: 'leaver@example.org', password: PASSWORD } })).status).toBe(401);
    });

    it('lets staff change their own password, ending their other sessions', async () => {
      await api.createStaff('changer@example.org', PASSWORD, 'viewer');
      const here = await api.login('changer@example.org', PASSWORD);
      const elsewhere = await api.login('changer@example.org', PASSWORD);
      const wrong = await api.call('POST', '/api/auth/password', { session: here, body: { currentPassword: 'not it at all', newPassword: 'a brand new password' } });
      expect(wrong.status).toBe(422);
      const ok = await api.call('POST', '/api/auth/password', { session: here, body: { currentPassword: PASSWORD, newPassword: 'a brand new password' } });
      expect(ok.status).toBe(204);
      expect((await api.call('GET', '/api/auth/me', { session: here })).status).toBe(200);
      expect((await api.call('GET', '/api/auth/me', { session: elsewhere })).status).toBe(401);
      expect((await api.call('POST', '/api/auth/login', { body: { email: 'changer@example.org', password: PASSWORD } })).status).toBe(401);
      await api.login('changer@example.org', 'a brand new password');
    });

    it('lets an admin see and end a staff member’s sessions', async () => {
      const id = await api.createStaff('laptop@example.org', PASSWORD, 'viewer');
      const a = await api.login('laptop@example.org', PASSWORD);
      await api.login('laptop@example.org', PASSWORD);
      const list = await api.call('GET', `/api/admin/users/${id}/sessions`, { session: admin });
      expect(list.json).toHaveLength(2);
      expect(list.text).not.toMatch(/id_hash|idHash/);
      expect((await api.call('DELETE', `/api/admin/users/${id}/sessions`, { session: admin })).json).toEqual({ ended: 2 });
      expect((await api.call('GET', '/api/auth/me', { session: a })).status).toBe(401);
    });

    it('rejects a cookie-session write without the CSRF token, or from another origin', async () => {
      const body = { slug: 'csrf-test', title: 'CSRF' };
      const noToken = await api.call('POST', '/api/admin/campaigns', { session: editor, noCsrf: true, body });
      expect(noToken.status).toBe(403);
      expect(noToken.json.detail).toMatch(/CSRF/);
      const wrong = await api.call('POST', '/api/admin/campaigns', { session: { ...editor, csrf: 'x'.repeat(43) }, body });
      expect(wrong.status).toBe(403);
      const foreign = await api.call('POST', '/api/admin/campaigns', { session: editor, body, headers: { origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
      const [{ n }] = await api.ds.query(`SELECT count(*)::int AS n FROM campaigns WHERE slug = 'csrf-test'`);
      expect(n).toBe(0);
      expect((await api.call('POST', '/api/admin/campaigns', { session: editor, body })).status).toBe(201);
    });
  });

  describe('login rate limit', () => {
    it('answers 429 with Retry-After after 5 failures for one account, even for the right password', async () => {
      await api.createStaff('target@example.org', PASSWORD, 'viewer');
      for (let i = 0; i < 5; i++) {
        expect((await api.call('POST', '/api/auth/login', { body: { email: 'target@example.org', password: `guess ${i}` } })).status).toBe(401);
      }
      const res = await api.call('POST', '/api/auth/login', { body: { email: 'Target@example.org', password: PASSWORD } });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it('limits attempts per client address across accounts', async () => {
      const other = await startAdminApi({ STAFF_LOGIN_MAX_PER_IP: '3', REDIS_PREFIX: `${api.env.prefix}-ip` }, api.env);
      try {
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await other.call('POST', '/api/auth/login', { body: { email: `spray${i}@example.org`, password: 'x'.repeat(8) } })).status);
        expect(statuses).toEqual([401, 401, 401, 429]);
      } finally {
        await other.close();
      }
    });
  });

  describe('roles', () => {
    it('a viewer cannot publish, an editor can', async () => {
      const id = (await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug: 'roles-test', title: 'Roles' } })).json.id;
      const res = await api.call('POST', `/api/admin/campaigns/${id}/publish`, { session: viewer });
      expect(res.status).toBe(403);
      expect((await api.ds.query(`SELECT status FROM campaigns WHERE id = $1`, [id]))[0].status).toBe('draft');
      expect((await api.call('POST', `/api/admin/campaigns/${id}/publish`, { session: editor })).json.status).toBe('live');
    });

    it('an editor cannot manage staff accounts or read the audit log', async () => {
      expect((await api.call('GET', '/api/admin/users', { session: editor })).status).toBe(403);
      expect((await api.call('POST', '/api/admin/tokens', { session: editor, body: { name: 'x', role: 'admin' } })).status).toBe(403);
      expect((await api.call('GET', '/api/admin/audit', { session: editor })).status).toBe(403);
    });
  });

  describe('API tokens', () => {
    it('works as a bearer token without CSRF, within its role, and stops working when revoked', async () => {
      const created = await api.call('POST', '/api/admin/tokens', { session: admin, body: { name: 'CRM sync', role: 'editor' } });
      expect(created.status).toBe(201);
      const { id, token } = created.json;
      expect(token).toMatch(/^rally_/);
      const [{ token_hash }] = await api.ds.query(`SELECT token_hash FROM api_tokens WHERE id = $1`, [id]);
      expect(token_hash).not.toContain(token);
      expect((await api.call('GET', '/api/admin/tokens', { session: admin })).text).not.toContain(token);

      expect((await api.call('GET', '/api/auth/me', { token })).json.user).toMatchObject({ role: 'editor', via: 'token' });
      expect((await api.call('POST', '/api/admin/campaigns', { token, body: { slug: 'from-a-token', title: 'Token' } })).status).toBe(201);
      expect((await api.call('GET', '/api/admin/users', { token })).status).toBe(403);

      expect((await api.call('DELETE', `/api/admin/tokens/${id}`, { session: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/admin/campaigns', { token })).status).toBe(401);
    });
  });

  describe('campaigns and actions', () => {
    it('staff create and publish a letter action that then appears in GET /api/campaigns', async () => {
      const c = await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug: 'new-campaign', title: 'A new campaign', summary: 'Why', goal: 100 } });
      expect(c.status).toBe(201);
      expect(c.json.status).toBe('draft');
      expect((await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug: 'new-campaign', title: 'Again' } })).status).toBe(409);

      const a = await api.call('POST', `/api/admin/campaigns/${c.json.id}/actions`, { session: editor, body: { kind: 'letter', slug: 'write-now', title: 'Write now' } });
      expect(a.status).toBe(201);
      const incomplete = await api.call('POST', `/api/admin/actions/${a.json.id}/publish`, { session: editor });
      expect(incomplete.status).toBe(422);
      expect(incomplete.json.errors.map((e: { field: string }) => e.field)).toEqual(['subject', 'bodyTemplate', 'targetKinds']);

      const badTarget = await api.call('PATCH', `/api/admin/actions/${a.json.id}`, {
        session: editor,
        body: { targetKinds: ['custom'], customTargets: [{ name: 'Mayor', email: 'not-an-email' }] },
      });
      expect(badTarget.status).toBe(422);

      const edited = await api.call('PATCH', `/api/admin/actions/${a.json.id}`, {
        session: editor,
        body: { subject: 'Please act', bodyTemplate: 'Dear {{target.name}},\n{{message}}\n{{supporter.name}}', targetKinds: ['custom'], customTargets: [{ name: 'Mayor', email: 'mayor@city.example' }], goal: 50 },
      });
      expect(edited.status).toBe(200);
      // Preview works on a draft, with sample values, and can try an unsaved template.
      const preview = await api.call('POST', `/api/admin/actions/${a.json.id}/preview`, { session: editor, body: { message: 'Please hurry.' } });
      expect(preview.status).toBe(200);
      expect(preview.json).toMatchObject({ subject: 'Please act', text: expect.stringMatching(/^Dear Mayor,\n/) });
      expect(preview.json.text).toContain('Sam Sample');
      const unsaved = await api.call('POST', `/api/admin/actions/${a.json.id}/preview`, { session: editor, body: { bodyTemplate: 'Hello {{target.name}}' } });
      expect(unsaved.json.text).toBe('Hello Mayor\n');
      expect((await api.call('POST', `/api/admin/actions/${a.json.id}/publish`, { session: editor })).json.status).toBe('live');
      expect((await api.call('POST', `/api/admin/actions/${a.json.id}/publish`, { session: editor })).status).toBe(409);
      // A live letter must stay complete.
      expect((await api.call('PATCH', `/api/admin/actions/${a.json.id}`, { session: editor, body: { subject: null } })).status).toBe(422);
      // Published slugs are stable.
      expect((await api.call('PATCH', `/api/admin/actions/${a.json.id}`, { session: editor, body: { slug: 'renamed' } })).status).toBe(409);

      let list = (await api.call('GET', '/api/campaigns')).json;
      expect(list.map((x: { slug: string }) => x.slug)).not.toContain('new-campaign');
      expect((await api.call('POST', `/api/admin/campaigns/${c.json.id}/publish`, { session: editor })).status).toBe(200);
      list = (await api.call('GET', '/api/campaigns')).json;
      const shown = list.find((x: { slug: string }) => x.slug === 'new-campaign');
      expect(shown.actions).toEqual([expect.objectContaining({ id: a.json.id, slug: 'write-now', kind: 'letter', goal: 50, count: 0 })]);

      // Closing stops new submissions at once (the action cache is invalidated).
      expect((await api.call('POST', `/api/admin/actions/${a.json.id}/close`, { session: editor })).json.status).toBe('closed');
      const submit = await api.call('POST', `/api/actions/${a.json.id}/submissions`, { body: { email: 'late@example.org', givenName: 'L', familyName: 'Ate', zip: '05401' } });
      expect(submit.status).toBe(409);
      expect((await api.call('POST', `/api/admin/actions/${a.json.id}/archive`, { session: editor })).json.status).toBe('archived');
      expect((await api.call('POST', `/api/admin/actions/${a.json.id}/reopen`, { session: editor })).status).toBe(409);
    });

    it('closes live actions whose closing date has passed', async () => {
      const [{ id }] = await api.ds.query(
        `INSERT INTO actions (campaign_id, kind, slug, title, status, closes_at) SELECT id, 'petition', 'due-one', 'Due', 'live', now() - interval '1 minute' FROM campaigns LIMIT 1 RETURNING id`,
      );
      expect(await api.app.get(CampaignAdminService).closeDue()).toBeGreaterThanOrEqual(1);
      expect((await api.ds.query(`SELECT status FROM actions WHERE id = $1`, [id]))[0].status).toBe('closed');
      const [entry] = await api.ds.query(`SELECT actor_kind, action FROM audit_log WHERE entity_id = $1`, [id]);
      expect(entry).toEqual({ actor_kind: 'system', action: 'action.close' });
    });

    it('answers bad input with 4xx problem+json', async () => {
      expect((await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug: 'Bad Slug', title: 'x' } })).status).toBe(422);
      expect((await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug: 'ok-slug', title: 'x', extra: 1 } })).status).toBe(422);
      expect((await api.call('GET', `/api/admin/campaigns/${SAMPLE_ID}`, { session: viewer })).status).toBe(404);
      expect((await api.call('GET', '/api/admin/actions/not-a-uuid', { session: viewer })).status).toBe(404);
      const form = await api.call('POST', '/api/admin/campaigns', { session: editor, headers: { 'content-type': 'text/xml' } });
      expect(form.status).toBe(415);
    });
  });

  describe('delivery monitoring', () => {
    it('counts letters by status, lists failures without personal data and retries them', async () => {
      const action = (await api.ds.query(`SELECT id FROM actions WHERE slug = 'write-to-congress'`))[0].id;
      await api.ds.query(
        `INSERT INTO messages (kind, action_id, target, status, attempts, last_error)
         SELECT 'letter', $1, jsonb_build_object('name', 'Sen. Example ' || g, 'chamber', 'senate'), CASE WHEN g <= 3 THEN 'failed' ELSE 'sent' END, 8,
                CASE WHEN g <= 3 THEN '550 mailbox unavailable for someone@example.org' END
           FROM generate_series(1, 5) g`,
        [action],
      );
      const counts = await api.call('GET', `/api/admin/actions/${action}/delivery`, { session: viewer });
      expect(counts.json).toMatchObject({ failed: 3, sent: 2, queued: 0 });
      const failed = await api.call('GET', `/api/admin/actions/${action}/delivery/failed`, { session: viewer });
      expect(failed.json).toHaveLength(3);
      expect(failed.json[0]).toMatchObject({ targetName: expect.stringMatching(/^Sen\. Example/), attempts: 8 });
      expect(failed.text).not.toContain('someone@example.org');

      const one = failed.json[0].id;
      expect((await api.call('POST', `/api/admin/messages/${one}/retry`, { session: editor })).json).toEqual({ requeued: 1 });
      expect((await api.call('POST', `/api/admin/messages/${one}/retry`, { session: editor })).status).toBe(409);
      expect((await api.call('POST', `/api/admin/actions/${action}/delivery/retry-failed`, { session: editor })).json).toEqual({ requeued: 2 });
      expect((await api.call('GET', `/api/admin/actions/${action}/delivery`, { session: viewer })).json).toMatchObject({ failed: 0, queued: 3 });
      const job = await api.app.get(QueueService).delivery.getJob(deliveryJobId(one));
      expect(job?.data).toEqual({ messageId: one });

      const queues = await api.call('GET', '/api/admin/queues', { session: viewer });
      expect(queues.json.delivery).toMatchObject({ waiting: expect.any(Number), failed: expect.any(Number) });
    });

    it('serves Bull Board at /admin/queues to admins only', async () => {
      expect((await api.call('GET', '/admin/queues')).status).toBe(401);
      expect((await api.call('GET', '/admin/queues', { session: editor })).status).toBe(403);
      const page = await api.call('GET', '/admin/queues', { session: admin });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const apiRes = await api.call('GET', '/admin/queues/api/queues', { session: admin });
      expect(apiRes.status).toBe(200);
    });
  });

  describe('audit log', () => {
    it('records staff writes, is readable by admins and refuses changes in the database', async () => {
      const res = await api.call('GET', '/api/admin/audit?limit=500', { session: admin });
      expect(res.status).toBe(200);
      const actions = res.json.map((e: { action: string }) => e.action);
      for (const a of ['campaign.create', 'campaign.publish', 'action.update', 'action.publish', 'api_token.create', 'api_token.revoke', 'staff.login', 'delivery.retry']) {
        expect(actions).toContain(a);
      }
      const publish = res.json.find((e: { action: string }) => e.action === 'campaign.publish');
      expect(publish).toMatchObject({ actorKind: 'staff', actorEmail: 'editor@example.org', summary: { status: { before: 'draft', after: 'live' } } });
      await expect(api.ds.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(api.ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(api.ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    });
  });

  describe('npm run staff:create', () => {
    it('creates an account that can log in, refuses a duplicate, and --update resets the password', async () => {
      const vars = api.env.vars();
      expect(await staffCreate(['--email', 'ops@example.org', '--password', PASSWORD, '--role', 'admin'], vars)).toMatchObject({ code: 0 });
      expect(await staffCreate(['--email', 'OPS@example.org', '--password', PASSWORD], vars)).toMatchObject({ code: 1, out: expect.stringMatching(/already exists/) });
      expect(await staffCreate(['--email', 'ops@example.org', '--password', 'short'], vars)).toMatchObject({ code: 1 });
      expect(await staffCreate(['--email', 'ops@example.org', '--password', 'a new long password', '--update'], vars)).toMatchObject({ code: 0 });
      expect((await api.login('ops@example.org', 'a new long password')).csrf).toBeTruthy();
    });

    it('runs as an npm script', () => {
      const root = join(__dirname, '..');
      if (!existsSync(join(root, 'dist/libs/staff/src/cli/staff-create.js'))) return; // npm test builds dist/ first
      const r = spawnSync(process.execPath, ['scripts/staff-create.js', '--email', 'script@example.org', '--password', PASSWORD, '--role', 'viewer'], {
        cwd: root,
        env: { ...process.env, ...api.env.vars() },
        encoding: 'utf8',
      });
      expect(r.stdout).toMatch(/created staff account .* \(viewer\)/);
      expect(r.status).toBe(0);
    });
  });
});
