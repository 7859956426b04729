import fc from 'fast-check';
import { actionId, getJson } from './support/api';
import { AdminTestApi, StaffSession, startAdminApi } from './admin-helpers';

/** Strings that have broken other systems: SQL, markup, template syntax, odd unicode, prototype keys. */
const NASTY = [
  "'); DROP TABLE supporters; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  '\u202e\u0041\u0042',
  '𝕳𝖊𝖑𝖑𝖔 🏳️‍🌈',
  'ﷺ'.repeat(50),
  '\ud800',
  'a'.repeat(3000),
  '-1',
  '1e309',
  '99999999999999999999999',
  'NaN',
];

const FIELDS = ['email', 'givenName', 'familyName', 'zip', 'district', 'address', 'message', 'emailOptIn', 'source'];

const nasty = fc.constantFrom(...NASTY);
const value: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.bigInt().map((b) => b.toString()),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 6 }),
);
/** Bodies shaped like a submission, with any field wrong, missing or extra, prototype keys included. */
const body = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype'), fc.string()), value, { maxKeys: 12 }),
  fc.record(
    {
      email: fc.oneof(fc.emailAddress(), value),
      givenName: fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 120 })),
      familyName: fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 120 })),
      zip: fc.oneof(fc.constantFrom('05401', '05401-1234'), value),
      district: value,
      emailOptIn: value,
      source: value,
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 8 }),
);

/** encodeURIComponent throws on lone surrogates; a URL cannot carry them anyway. */
const uri = (v: string) => encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));

/** JSON text with a literal "__proto__" key, which JSON.stringify of an object literal would drop. */
function serialize(b: unknown, protoPatch: boolean): string {
  const text = JSON.stringify(b) ?? 'null';
  if (!protoPatch || !text.startsWith('{')) return text;
  return text === '{}' ? '{"__proto__":{"admin":true,"status":"counted"}}' : `{"__proto__":{"admin":true},${text.slice(1)}`;
}

describe('bad input, generated', () => {
  let api: AdminTestApi;
  let editor: StaffSession;
  let pledge: string;
  let other: string;
  let generated = 0;
  const statusCounts: Record<string, number> = {};

  beforeAll(async () => {
    api = await startAdminApi();
    await api.createStaff('editor@props.example', 'correct horse battery', 'editor');
    editor = await api.login('editor@props.example', 'correct horse battery');
    pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    other = await actionId(api.ds, 'pledge-to-take-the-course');
  });
  afterAll(async () => {
    console.log(`generated bad inputs: ${generated}; answers by status: ${JSON.stringify(statusCounts)}`);
    await api?.close();
  });

  const check = async (res: Response, what: string) => {
    generated++;
    statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
    const text = await res.text();
    if (res.status >= 500) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 300)}`);
    if (res.status >= 400) {
      if (!res.headers.get('content-type')?.includes('application/problem+json')) {
        throw new Error(`${what} answered ${res.status} as ${res.headers.get('content-type')}: ${text.slice(0, 300)}`);
      }
      expect(JSON.parse(text).status).toBe(res.status);
    }
    return { status: res.status, text };
  };

  it('the submission endpoint never answers 5xx, always problem+json for 4xx, and never touches other data', async () => {
    const otherBefore = await api.ds.query(`SELECT shard, actions_taken, pledges_made FROM counter_shards WHERE action_id = $1 ORDER BY shard`, [other]);
    const [{ n: supportersBefore }] = await api.ds.query(`SELECT count(*)::int AS n FROM supporters`);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json'), async (b, proto, type) => {
        const res = await fetch(`${api.url}/api/actions/${pledge}/submissions`, { method: 'POST', headers: { 'content-type': type }, body: serialize(b, proto) });
        const { status } = await check(res, 'POST submission');
        if (status === 202) accepted++;
      }),
      { numRuns: 400 },
    );
    // Random action ids and raw bodies that are not JSON at all.
    await fc.assert(
      fc.asyncProperty(fc.oneof(nasty, fc.string(), fc.uuid()), fc.oneof(nasty, fc.string()), async (id, raw) => {
        const res = await fetch(`${api.url}/api/actions/${uri(id)}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
        await check(res, 'POST raw');
      }),
      { numRuns: 150 },
    );
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await api.ds.query(`SELECT shard, actions_taken, pledges_made FROM counter_shards WHERE action_id = $1 ORDER BY shard`, [other])).toEqual(otherBefore);
    const [{ n: supportersAfter }] = await api.ds.query(`SELECT count(*)::int AS n FROM supporters`);
    // Only accepted submissions created supporters (a repeat of an address creates none).
    expect(supportersAfter - supportersBefore).toBeLessThanOrEqual(accepted);
    const [{ n: injected }] = await api.ds.query(`SELECT count(*)::int AS n FROM submissions WHERE action_id = $1 AND status <> 'counted'`, [pledge]);
    expect(injected).toBe(0);
  });

  it('stores SQL and markup in every text field as plain text and never echoes it unescaped', async () => {
    const evil = "<script>alert(1)</script>'); DROP TABLE supporters; --";
    const res = await fetch(`${api.url}/api/actions/${pledge}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'evil@props.example', givenName: evil, familyName: evil, zip: '05401', address: evil, source: 'web' }),
    });
    expect((await check(res, 'POST evil')).status).toBe(202);
    const [row] = await api.ds.query(`SELECT given_name, family_name FROM supporters WHERE email_normalized = 'evil@props.example'`);
    expect(row).toEqual({ given_name: evil, family_name: evil });
    expect((await getJson(`${api.url}/api/stats`)).status).toBe(200);
    // Router refusals are problem+json too (they used to be Fastify's plain JSON).
    const long = await fetch(`${api.url}/api/actions/${'a'.repeat(300)}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await check(long, 'long id')).status).toBe(414);
    // Web pages and errors do not reflect markup from the URL.
    for (const path of [`/campaigns/${encodeURIComponent(evil)}`, `/letter/${encodeURIComponent(evil)}?zip=${encodeURIComponent(evil)}`, `/?q=${encodeURIComponent(evil)}`]) {
      const page = await fetch(api.url + path);
      generated++;
      expect(page.status).toBeLessThan(500);
      expect(await page.text()).not.toContain('<script>alert(1)</script>');
    }
  });

  it('admin endpoints of the abuse defences never answer 5xx to generated bodies and queries', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.oneof(nasty, fc.string()), async (b, q) => {
        const post = await fetch(`${api.url}/api/admin/held/remove`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: editor.cookie, 'x-csrf-token': editor.csrf },
          body: JSON.stringify(b) ?? 'null',
        });
        await check(post, 'POST held/remove');
        const get = await fetch(`${api.url}/api/admin/held?limit=${uri(q)}&actionId=${uri(q)}`, { headers: { cookie: editor.cookie } });
        await check(get, 'GET held');
      }),
      { numRuns: 100 },
    );
  });
});
