import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AdminTestApi, StaffSession, startAdminApi, staffTeam } from './admin-helpers';

// A full collection before the baseline, so garbage left by the bulk insert is not counted as growth.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const PASSWORD = 'correct horse battery';
const ROWS = 100_000;
/**
 * Growth of the process's resident memory allowed while streaming the export. Streaming measured
 * 4-35 MB on a busy machine; loading all 100,000 rows at once measured 64 MB.
 */
const MEMORY_CEILING_MB = 48;

describe('exports and data requests', () => {
  let api: AdminTestApi;
  let admin: StaffSession;
  let editor: StaffSession;
  let viewer: StaffSession;

  beforeAll(async () => {
    api = await startAdminApi();
    ({ admin, editor, viewer } = await staffTeam(api, PASSWORD));
  });
  afterAll(() => api.close());

  describe('data requests', () => {
    const email = 'Erase.Me@Example.org';
    const givenName = 'Zebulon';
    const familyName = 'Quackenbush';
    const message = 'My unmistakable words xyzzy-4711';

    /** Every text-like column of every table, searched for the needles: the columns where any was found. */
    async function findEverywhere(needles: string[]): Promise<string[]> {
      const cols: Array<{ table_name: string; columns: string[] }> = await api.ds.query(
        `SELECT c.table_name, array_agg(c.column_name::text) AS columns FROM information_schema.columns c JOIN information_schema.tables t
            ON t.table_name = c.table_name AND t.table_schema = c.table_schema
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
          GROUP BY c.table_name`,
      );
      const patterns = needles.map((n) => `%${n}%`);
      const hits: string[] = [];
      for (const { table_name, columns } of cols) {
        const [row] = await api.ds.query(
          `SELECT ${columns.map((c, i) => `bool_or("${c}"::text ILIKE ANY($1)) AS c${i}`).join(', ')} FROM "${table_name}"`,
          [patterns],
        );
        columns.forEach((c, i) => row[`c${i}`] && hits.push(`${table_name}.${c}`));
      }
      return hits;
    }

    it('exports what Rally holds about a supporter, for admins only', async () => {
      const pledge = (await api.ds.query(`SELECT id FROM actions WHERE slug = 'pledge-to-take-the-course'`))[0].id;
      const body = { email: 'export.me@example.org', givenName: 'Ex', familyName: 'Port', zip: '05401' };
      expect((await api.call('POST', `/api/actions/${pledge}/submissions`, { body })).status).toBe(202);
      expect((await api.call('POST', '/api/admin/data-requests/export', { session: viewer, body: { email: body.email } })).status).toBe(403);
      const res = await api.call('POST', '/api/admin/data-requests/export', { session: admin, body: { email: ' EXPORT.me@example.org ' } });
      expect(res.status).toBe(200);
      expect(res.json.supporter).toMatchObject({ email: 'export.me@example.org', givenName: 'Ex', familyName: 'Port', zip: '05401' });
      expect(res.json.submissions).toEqual([expect.objectContaining({ action: 'pledge-to-take-the-course', status: 'counted' })]);
      expect(res.json.messages.length).toBeGreaterThanOrEqual(1);
      expect((await api.call('POST', '/api/admin/data-requests/export', { session: admin, body: { email: 'nobody@example.org' } })).status).toBe(404);
      expect((await api.call('POST', '/api/admin/data-requests/export', { session: admin, body: { email: 'not an email' } })).status).toBe(422);
    });

    it('erasure leaves counters unchanged and no personal data behind', async () => {
      const pledge = (await api.ds.query(`SELECT id FROM actions WHERE slug = 'pledge-to-learn-the-signs'`))[0].id;
      const letter = (await api.ds.query(`SELECT id FROM actions WHERE slug = 'write-to-congress'`))[0].id;
      const person = { email, givenName, familyName, zip: '05401' };
      expect((await api.call('POST', `/api/actions/${pledge}/submissions`, { body: person })).status).toBe(202);
      const sent = await api.call('POST', `/api/actions/${letter}/submissions`, {
        body: { ...person, message, address: '12 Quackenbush Lane, Burlington, VT 05401' },
      });
      expect(sent.status).toBe(202);
      expect((await api.call('POST', `/api/actions/${pledge}/submissions`, { body: person })).status).toBe(202); // a repeat
      // The needles are really there before erasure (so finding none afterwards means something).
      expect(await findEverywhere(['erase.me@example.org', givenName, familyName, 'xyzzy-4711'])).toEqual(
        expect.arrayContaining(['supporters.email', 'supporters.given_name', 'supporters.family_name', 'submissions.letter_text']),
      );

      const before = (await api.call('GET', '/api/stats')).json;
      const res = await api.call('POST', '/api/admin/data-requests/erase', { session: admin, body: { email: 'erase.me@EXAMPLE.org' } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ erased: true, submissions: 2 });
      expect(res.json.messagesCancelled).toBeGreaterThanOrEqual(1);

      expect((await api.call('GET', '/api/stats')).json).toEqual(before);
      const recount = await api.ds.query(`SELECT count(*)::int AS n FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.erased_at IS NOT NULL`);
      expect(recount[0].n).toBe(2);
      expect(await findEverywhere(['erase.me@example.org', givenName, familyName, 'xyzzy-4711', 'Quackenbush Lane'])).toEqual([]);
      const [{ unsent }] = await api.ds.query(
        `SELECT count(*)::int AS unsent FROM messages m JOIN supporters p ON p.id = m.supporter_id
          WHERE p.erased_at IS NOT NULL AND m.status IN ('queued', 'awaiting_confirmation', 'failed')`,
      );
      expect(unsent).toBe(0);
      // Asked again: nothing left to find.
      expect((await api.call('POST', '/api/admin/data-requests/erase', { session: admin, body: { email } })).status).toBe(404);
      const [entry] = await api.ds.query(`SELECT summary::text FROM audit_log WHERE action = 'supporter.erase'`);
      expect(entry.summary).not.toMatch(/erase\.me|Zebulon|Quackenbush/i);
    });
  });

  it(`streams ${ROWS.toLocaleString('en')} submissions as CSV in constant memory, with formula cells defused`, async () => {
    const [{ id: action }] = await api.ds.query(
      `INSERT INTO actions (campaign_id, kind, slug, title, status) SELECT id, 'petition', 'big-export', 'Big', 'live' FROM campaigns LIMIT 1 RETURNING id`,
    );
    // One statement: 100,000 supporters and their submissions. Every 1000th name is a formula.
    await api.ds.query(
      `WITH s AS (
         INSERT INTO supporters (email, email_normalized, given_name, family_name, zip)
         SELECT 'bulk' || g || '@example.org', 'bulk' || g || '@example.org',
                CASE WHEN g % 1000 = 0 THEN '=HYPERLINK("http://evil.example","x")' ELSE 'Given' || g END,
                'Family, "' || g || '"', '05401'
           FROM generate_series(1, ${ROWS}) g
         RETURNING id)
       INSERT INTO submissions (action_id, supporter_id, status, zip, source) SELECT $1, id, 'counted', '05401', '@campaign' FROM s`,
      [action],
    );

    collectGarbage();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = Date.now();
    const res = await fetch(`${api.url}/api/admin/actions/${action}/submissions.csv`, { headers: { cookie: editor.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="big-export-submissions-.*\.csv"/);

    let lines = 0;
    let header = '';
    let formulas = 0;
    let bytes = 0;
    let sample = '';
    let carry = '';
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      const text = carry + decoder.decode(value, { stream: true });
      const parts = text.split('\r\n');
      carry = parts.pop()!;
      for (const line of parts) {
        if (lines === 0) header = line;
        else if (lines === 1) sample = line;
        if (line.includes('HYPERLINK')) {
          formulas++;
          expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
        }
        lines++;
      }
    }
    clearInterval(sampler);
    const growthMb = (peak - baseline) / 1024 / 1024;
    // Figures for docs/staff.md (measured on a shared, busy 2-core machine).
    console.log(`export: ${ROWS} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${Date.now() - started} ms, RSS growth ${growthMb.toFixed(1)} MB`);

    expect(carry).toBe('');
    expect(lines).toBe(ROWS + 1);
    expect(header).toBe('submission_id,submitted_at,status,email,given_name,family_name,zip,district,email_opt_in,source');
    expect(sample).toMatch(/^\d+,[\d-]+T[\d:.]+Z,counted,bulk1@example\.org,Given1,"Family, ""1""",05401,,false,'@campaign$/);
    expect(formulas).toBe(ROWS / 1000);
    expect(growthMb).toBeLessThan(MEMORY_CEILING_MB);

    const [audit] = await api.ds.query(`SELECT action, actor_kind FROM audit_log WHERE entity_id = $1`, [action]);
    expect(audit).toEqual({ action: 'submissions.export', actor_kind: 'staff' });

    // A client that gives up half-way leaves the server healthy.
    const abort = new AbortController();
    const partial = await fetch(`${api.url}/api/admin/actions/${action}/submissions.csv`, { headers: { cookie: editor.cookie }, signal: abort.signal });
    await partial.body!.getReader().read();
    abort.abort();
    await new Promise((r) => setTimeout(r, 200));
    expect((await api.call('GET', '/api/auth/me', { session: viewer })).status).toBe(200);
  });
});
