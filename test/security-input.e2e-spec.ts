import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MessageRenderService } from '@app/letters';
import { AdminTestApi, StaffSession, startAdminApi } from './admin-helpers';
import { actionId } from './support/api';
import { createTestEnv, TestEnv } from './support/env';
import { RallyProcess, startApiProcess } from './support/processes';

const PUBLIC_URL = 'https://rally.test';
const PROBLEM = /^application\/problem\+json/;

/** A request sent as written, byte for byte: fetch would re-encode what these tests need to send raw. */
function rawGet(base: string, target: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: 'GET', path: target, insecureHTTPParser: true }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Input that must never become a 500, an open redirect or a log line with someone's data. */
describe('security of input', () => {
  describe('a real API process (PUBLIC_URL https)', () => {
    let env: TestEnv;
    let api: RallyProcess & { url: string };
    let pledge: string;
    let letter: string;
    const tag = randomBytes(3).toString('hex');
    const personal: string[] = [];

    beforeAll(async () => {
      env = await createTestEnv();
      api = await startApiProcess(env, { LOG_LEVEL: 'debug', PUBLIC_URL });
      const ds = new DataSource({ type: 'postgres', url: env.db.url });
      await ds.initialize();
      [pledge, letter] = [await actionId(ds, 'pledge-to-learn-the-signs'), await actionId(ds, 'write-to-congress')];
      await ds.destroy();
    });
    afterAll(async () => {
      await api?.stop();
      await env?.drop();
    });

    const get = (path: string) => fetch(`${api.url}${path}`, { redirect: 'manual' });
    const post = (path: string, body: unknown) =>
      fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual' });
    const person = (i: number | string) => {
      const p = { email: `nul.${tag}.${i}@leak-${tag}.example`, givenName: `Given${tag}${i}`, familyName: `Family${tag}${i}`, zip: '05401' };
      personal.push(p.email, p.givenName, p.familyName);
      return p;
    };

    describe('the language switch', () => {
      it('lands every redirect payload on a same-origin path, and still switches the language', async () => {
        const payloads = [
          '/%09/evil.example/phish',
          '/%09/evil.example',
          '//evil.example',
          '///evil.example',
          '/\\evil.example',
          '/%5Cevil.example',
          '/%5C%5Cevil.example',
          '/%2F%2Fevil.example',
          '%2F%2Fevil.example',
          'https://evil.example',
          'https%3A%2F%2Fevil.example',
          '%0d%0aSet-Cookie:x',
          '/%0d%0aSet-Cookie:x=1',
          '/%0a/evil.example',
          '/%0d/evil.example',
          '/%00',
          '/%20/evil.example',
          '/.//evil.example',
          'javascript:alert(1)',
        ];
        const wrong: string[] = [];
        for (const next of payloads) {
          const res = await rawGet(api.url, `/lang/es?next=${next}`);
          const location = String(res.headers.location);
          const cookie = String(res.headers['set-cookie']);
          const ok =
            res.status === 303 &&
            new URL(location, PUBLIC_URL).origin === PUBLIC_URL &&
            /^\/(?![/\\])/.test(location) &&
            !/[\s\u0000-\u001f]/.test(location) &&
            /^lang=es; /.test(cookie) &&
            !cookie.includes('x=1');
          if (!ok) wrong.push(`${next} -> ${res.status} ${location}`);
        }
        expect(wrong).toEqual([]);
        // A raw tab or CR/LF in the request line: refused by the HTTP parser or sent home, never elsewhere.
        for (const target of ['/lang/es?next=/\t/evil.example', '/lang/es?next=/\r\nSet-Cookie: x=1']) {
          const res = await rawGet(api.url, target).catch(() => ({ status: 400, headers: {} as Record<string, undefined>, text: '' }));
          expect(res.status).toBeLessThan(500);
          if (res.headers.location) expect(new URL(String(res.headers.location), PUBLIC_URL).origin).toBe(PUBLIC_URL);
          expect(String(res.headers['set-cookie'] ?? '')).not.toContain('x=1');
        }
      });

      it('keeps a path on this site, and marks the cookie Secure when PUBLIC_URL is https', async () => {
        const res = await get('/lang/es?next=%2Fcampaigns%2Frecognise-grooming%3Fa%3D1');
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/campaigns/recognise-grooming?a=1');
        expect(res.headers.get('set-cookie')).toMatch(/^lang=es; Path=\/;.*; Secure$/);
      });
    });

    describe('control characters', () => {
      it('a NUL in each text field of a take-action JSON body: 422 problem+json naming the field', async () => {
        const fields = ['email', 'givenName', 'familyName', 'zip', 'address', 'message', 'source'] as const;
        for (const [i, field] of fields.entries()) {
          const p = { ...person(`json${i}`), address: `${tag} Hidden Lane 1, Burlington`, message: `Story ${tag}`, source: 'news' };
          personal.push(p.address, p.message);
          for (const at of ['end', 'middle'] as const) {
            const v = p[field];
            const body = { ...p, [field]: at === 'end' ? `${v}\u0000` : `${v.slice(0, 3)}\u0000${v.slice(3)}` };
            const res = await post(`/api/actions/${field === 'message' || field === 'address' ? letter : pledge}/submissions`, body);
            const json = await res.json();
            expect([field, at, res.status]).toEqual([field, at, 422]);
            expect(res.headers.get('content-type')).toMatch(PROBLEM);
            expect(json.errors?.[0]?.field).toBe(field);
            expect(JSON.stringify(json)).not.toContain(tag);
          }
        }
        // Other C0 controls too; a letter's message keeps its tabs and line breaks.
        for (const c of ['\u0001', '\u0008', '\u000b', '\u001b', '\u007f']) {
          expect((await post(`/api/actions/${pledge}/submissions`, { ...person(`c${c.charCodeAt(0)}`), givenName: `An${c}a` })).status).toBe(422);
        }
        expect((await post(`/api/actions/${pledge}/submissions`, { ...person('nl'), givenName: 'An\na' })).status).toBe(422);
        const multiLine = await post(`/api/actions/${letter}/submissions`, { ...person('ok'), address: `${tag} Hidden Lane 1\nBurlington`, message: `Dear Senator,\r\n\n\tStory ${tag}` });
        expect(multiLine.status).toBe(202);
      });

      it('a NUL in each field of the web form: 422, the form shown again without it', async () => {
        for (const field of ['email', 'givenName', 'familyName', 'zip', 'source']) {
          const p = person(`form-${field}`);
          const fields: Record<string, string> = { ...p, source: 'news', [field]: `${{ ...p, source: 'news' }[field]}\u0000` };
          const res = await fetch(`${api.url}/act/${pledge}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields).toString(),
            redirect: 'manual',
          });
          expect([field, res.status]).toEqual([field, 422]);
          expect(await res.text()).not.toContain('\u0000');
        }
      });

      it('a NUL in a query parameter or a path parameter: 422 problem+json', async () => {
        const targets = [
          '/api/stats?campaign=%00',
          '/api/stats?campaign=pass-the-enablers-act%00',
          '/api/stats/stream?campaign=%00',
          '/api/representatives?zip=05401%00',
          `/api/actions/${letter}/targets?zip=05401&district=%00`,
          '/api/admin/audit?entity=%00',
          '/api/admin/audit?entity=campaign&entityId=a%00b',
          '/api/actions/%00',
          `/api/actions/${pledge}%00`,
          '/api/campaigns/pass-the-enablers-act%00',
          '/campaigns/%00',
          `/letter/${letter}%00?zip=05401`,
          `/thanks/${pledge}?to=%00`,
          '/lang/%00?next=/',
          '/confirm/%00aaaaaaaaaaaaaaaaaaaaaaaa',
          '/unsubscribe/%00aaaaaaaaaaaaaaaaaaaaaaaa',
          '/%00',
          '/api/stats?campaign=%1b%5b31m',
          '/api/stats?campaign=%7f',
        ];
        for (const target of targets) {
          const res = await rawGet(api.url, target);
          expect([target, res.status]).toEqual([target, 422]);
          expect([target, String(res.headers['content-type'])]).toEqual([target, expect.stringMatching(PROBLEM)]);
          expect(JSON.parse(res.text)).toMatchObject({ status: 422, errors: [{ field: expect.any(String) }] });
        }
        const confirm = await post('/api/confirmations/%00aaaaaaaaaaaaaaaaaaaaaaaa', {});
        expect(confirm.status).toBe(422);
        const submit = await post(`/api/actions/${pledge}%00/submissions`, person('path'));
        expect(submit.status).toBe(422);
      });

      it('a query parameter sent twice or in the wrong shape is never a 500', async () => {
        for (const target of [
          '/api/stats?campaign=a&campaign=b',
          '/api/stats/stream?campaign=a&campaign=b',
          '/api/representatives?zip=05401&zip=05401',
          '/api/representatives?zip[a]=1',
          `/api/actions/${letter}/targets?zip=05401&zip=05402`,
          `/letter/${letter}?zip=05401&zip=05402&district=1&district=2&step=3&step=3`,
          `/thanks/${pledge}?to=a&to=b`,
          '/lang/es?next=/a&next=/b',
        ]) {
          const res = await rawGet(api.url, target);
          expect([target, res.status < 500]).toEqual([target, true]);
        }
      });

      it('an email with CR/LF, a quoted local part or a comma: 422', async () => {
        for (const email of [
          '"a\r\nBcc: x@evil.example"@example.org',
          `"nul.${tag}"@example.org`,
          '"a,b"@example.org',
          `nul.${tag}.comma@example.org,x@evil.example`,
          `nul.${tag}.comma@example.org, x@evil.example`,
          `nul.${tag}.crlf@example.org\r\nBcc: x@evil.example`,
        ]) {
          const res = await post(`/api/actions/${pledge}/submissions`, { ...person('mail'), email });
          expect([email, res.status]).toEqual([email, 422]);
          expect((await res.json()).errors?.[0]?.field).toBe('email');
        }
      });

      it('the log holds none of the emails or names sent, no 500 was answered, and only the valid submission was stored', async () => {
        const ds = new DataSource({ type: 'postgres', url: env.db.url });
        await ds.initialize();
        const stored: Array<{ email: string }> = await ds.query(`SELECT email FROM supporters WHERE email LIKE $1`, [`%@leak-${tag}.example`]);
        await ds.destroy();
        expect(stored.map((r) => r.email)).toEqual([`nul.${tag}.ok@leak-${tag}.example`]);
        await new Promise((r) => setTimeout(r, 200));
        const logs = api.output();
        expect(logs.length).toBeGreaterThan(200);
        expect(personal.filter((p) => logs.includes(p))).toEqual([]);
        expect(logs.includes(`leak-${tag}.example`)).toBe(false);
        expect(logs).not.toMatch(/"status":5\d\d/);
        expect(logs).not.toContain('unhandled error');
      });
    });
  });

  describe('staff routes and letters (API in this process)', () => {
    let api: AdminTestApi;
    let admin: StaffSession;
    let viewer: StaffSession;
    let letter: string;

    beforeAll(async () => {
      api = await startAdminApi({ CONGRESS_DELIVERY: 'placeholder' });
      await api.createStaff('admin@example.org', 'correct horse battery', 'admin');
      await api.createStaff('viewer@example.org', 'correct horse battery', 'viewer');
      admin = await api.login('admin@example.org', 'correct horse battery');
      viewer = await api.login('viewer@example.org', 'correct horse battery');
      letter = await actionId(api.ds, 'write-to-congress');
    });
    afterAll(() => api?.close());

    it('?limit=1.5 and other bad list queries: 4xx problem+json, never a 500', async () => {
      const calls: Array<[string, StaffSession]> = [
        ['/api/admin/audit?limit=1.5', admin],
        ['/api/admin/audit?limit=abc', admin],
        ['/api/admin/audit?limit=0', admin],
        ['/api/admin/audit?limit=1e3', admin],
        ['/api/admin/audit?before=1.5', admin],
        ['/api/admin/audit?entity=%00', admin],
        ['/api/admin/audit?limit=1&limit=2', admin],
        [`/api/admin/actions/${letter}/delivery/failed?limit=1.5`, viewer],
        [`/api/admin/actions/${letter}/delivery/failed?limit=-1`, viewer],
        [`/api/admin/actions/${letter}/delivery/failed?before=x`, viewer],
        ['/api/admin/actions/%00/delivery', viewer],
      ];
      for (const [path, session] of calls) {
        const res = await api.call('GET', path, { session });
        expect([path, res.status >= 400 && res.status < 500]).toEqual([path, true]);
        expect([path, res.headers.get('content-type')]).toEqual([path, expect.stringMatching(PROBLEM)]);
      }
      expect((await api.call('GET', '/api/admin/audit?limit=2&entity=campaign', { session: admin })).status).toBe(200);
      expect((await api.call('GET', `/api/admin/actions/${letter}/delivery/failed?limit=5`, { session: viewer })).status).toBe(200);
    });

    it('a staff account needs a plain email address too', async () => {
      for (const email of ['"a\r\nBcc: x@evil.example"@example.org', '"ops"@example.org', 'ops,x@example.org']) {
        const res = await api.call('POST', '/api/admin/users', { session: admin, body: { email, password: 'correct horse battery', role: 'viewer' } });
        expect([email, res.status]).toEqual([email, 422]);
      }
    });

    it('the language cookie is not Secure when PUBLIC_URL is http', async () => {
      const res = await fetch(`${api.url}/lang/es?next=/`, { redirect: 'manual' });
      expect(res.headers.get('set-cookie')).not.toContain('Secure');
    });

    it('a letter for a name with a URL carries no URL, and the name at most 60 characters', async () => {
      const givenName = 'Cheap pills https://evil.example/buy';
      const familyName = `www.evil.example Lee evil.example ${'x'.repeat(60)}`;
      const res = await api.call('POST', `/api/actions/${letter}/submissions`, {
        body: { email: 'named@example.org', givenName, familyName, zip: '05401', address: '1 Main St, Burlington' },
      });
      expect(res.status).toBe(202);
      const ids: Array<{ id: string }> = await api.ds.query(`SELECT id::text FROM messages WHERE kind = 'letter' ORDER BY id`);
      expect(ids.length).toBeGreaterThan(0);
      for (const { id } of ids) {
        const m = (await api.app.get(MessageRenderService).render(id))!;
        expect(m).toBeTruthy();
        const all = [m.from, m.subject, m.text, m.html, m.cwcXml ?? ''].join('\n');
        expect(all).not.toMatch(/evil|https?:\/\/(?!www\.w3\.org)|www\./);
        const shown = /Sincerely,\n(.+)\n/.exec(m.text)?.[1] ?? /^"(.+) via /.exec(m.from)?.[1] ?? '';
        expect(shown).toMatch(/^Cheap pills Lee x+$/);
        expect(shown.length).toBeLessThanOrEqual(60);
      }
      // The preview a supporter sees is the same rendering.
      const preview = await api.call('POST', `/api/actions/${letter}/preview`, { body: { zip: '05401', givenName, familyName } });
      expect(preview.status).toBe(200);
      expect(JSON.stringify(preview.json)).not.toMatch(/evil|https?:|www\./);
    });
  });
});
