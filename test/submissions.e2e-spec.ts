import { actionId, getJson, postJson, startTestApi, supporter, TestApi } from './support/api';

describe('taking an action', () => {
  let api: TestApi;
  let pledge: string;
  let course: string;

  beforeAll(async () => {
    api = await startTestApi();
    pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    course = await actionId(api.ds, 'pledge-to-take-the-course');
  });
  afterAll(() => api.close());

  const submit = (id: string, body: unknown, headers?: Record<string, string>) =>
    postJson(`${api.url}/api/actions/${id}/submissions`, body, headers);

  it('accepts a pledge with 202 and counts it', async () => {
    const before = (await getJson(`${api.url}/api/stats`)).json;
    const res = await submit(pledge, supporter('first'));
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ status: 'received', targets: [] });
    const after = (await getJson(`${api.url}/api/stats`)).json;
    expect(after.actionsTaken).toBe(before.actionsTaken + 1);
    expect(after.pledgesMade).toBe(before.pledgesMade + 1);
    expect(after.messagesSent).toBe(before.messagesSent);
  });

  it('answers a repeat exactly like a first submission and records it once', async () => {
    const first = await submit(pledge, supporter('repeat'));
    const again = await submit(pledge, { ...supporter('repeat'), email: '  SUPPORTERrepeat@Example.ORG ', givenName: 'Someone', familyName: 'Else' });
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
    const [{ n }] = await api.ds.query(
      `SELECT count(*)::int AS n FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = 'supporterrepeat@example.org'`,
    );
    expect(n).toBe(1);
    // The stored name is the first one: a repeat cannot overwrite someone's details.
    const [p] = await api.ds.query(`SELECT given_name FROM supporters WHERE email_normalized = 'supporterrepeat@example.org'`);
    expect(p.given_name).toBe('Test');
    // The supporter learns of the repeat by email: an "already signed" message is queued.
    const [{ m }] = await api.ds.query(
      `SELECT count(*)::int AS m FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = 'supporterrepeat@example.org' AND m.kind = 'already_signed'`,
    );
    expect(m).toBe(1);
  });

  it('sends at most three "already signed" emails per address per day', async () => {
    for (let i = 0; i < 6; i++) expect((await submit(course, supporter('many'))).status).toBe(202);
    const [{ m }] = await api.ds.query(
      `SELECT count(*)::int AS m FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = 'supportermany@example.org' AND m.kind = 'already_signed'`,
    );
    expect(m).toBe(3);
  });

  it('counts the same person once per action but separately on two actions', async () => {
    const before = (await getJson(`${api.url}/api/stats`)).json.actionsTaken;
    await submit(pledge, supporter('two-actions'));
    await submit(course, supporter('two-actions'));
    await submit(course, supporter('two-actions'));
    expect((await getJson(`${api.url}/api/stats`)).json.actionsTaken).toBe(before + 2);
  });

  it('returns the identical answer for a retry with the same Idempotency-Key, and 422 if reused for another body', async () => {
    const key = { 'idempotency-key': 'retry-abc-123' };
    const a = await submit(pledge, supporter('idem'), key);
    const b = await submit(pledge, supporter('idem'), key);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.text).toBe(a.text);
    const c = await submit(pledge, supporter('idem-other'), key);
    expect(c.status).toBe(422);
    expect(c.headers.get('content-type')).toContain('application/problem+json');
  });

  describe('bad input', () => {
    it.each([
      ['an invalid email', { email: 'not-an-email' }, 'email'],
      ['an overlong email', { email: `${'a'.repeat(250)}@example.org` }, 'email'],
      ['an empty given name', { givenName: '' }, 'givenName'],
      ['a 101-character family name', { familyName: 'x'.repeat(101) }, 'familyName'],
      ['a 4-digit ZIP', { zip: '0540' }, 'zip'],
      ['a ZIP with letters', { zip: 'ABCDE' }, 'zip'],
      ['an unknown field', { admin: true }, 'admin'],
      ['a wrongly typed opt-in', { emailOptIn: 'maybe' }, 'emailOptIn'],
      ['an email with a lone surrogate', { email: 'a\ud800@example.org' }, 'email'],
      ['only a lone surrogate for an email', { email: '\udc00' }, 'email'],
    ])('rejects %s with 422 naming the field', async (_name, patch, field) => {
      const res = await submit(pledge, { ...supporter('bad'), ...patch });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json).toMatchObject({ status: 422, title: 'Unprocessable Content' });
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('stores a name with a lone surrogate (valid JSON, not valid text) with U+FFFD in its place', async () => {
      const res = await submit(pledge, supporter('surrogate', { givenName: 'Ana\ud800', familyName: '\udfffLee' }));
      expect(res.status).toBe(202);
      const [row] = await api.ds.query(`SELECT given_name, family_name FROM supporters WHERE email_normalized = $1`, [
        supporter('surrogate').email.toLowerCase(),
      ]);
      expect(row).toEqual({ given_name: 'Ana\ufffd', family_name: '\ufffdLee' });
    });

    it('accepts ZIP+4', async () => {
      expect((await submit(pledge, supporter('zip4', { zip: '05401-1234' }))).status).toBe(202);
    });

    it('rejects a message on an action that takes none', async () => {
      const res = await submit(pledge, supporter('msg', { message: 'hello' }));
      expect(res.status).toBe(422);
    });

    it('answers malformed JSON with 400 problem+json', async () => {
      const res = await fetch(`${api.url}/api/actions/${pledge}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": ',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).status).toBe(400);
    });

    it('answers a non-JSON content type with 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await fetch(`${api.url}/api/actions/${pledge}/submissions`, { method: 'POST', headers: { 'content-type': type }, body: 'email=a@b.org' });
        expect(res.status).toBe(415);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('answers an oversized body with 413', async () => {
      const res = await submit(pledge, supporter('big', { message: 'x'.repeat(200_000) }));
      expect(res.status).toBe(413);
      expect(res.json.status).toBe(413);
    });

    it('answers an unknown action with 404 and a non-UUID id with 404', async () => {
      expect((await submit('00000000-0000-4000-8000-000000000000', supporter('x'))).status).toBe(404);
      expect((await submit('nope', supporter('x'))).status).toBe(404);
    });

    it('answers a closed action with 409 and records nothing', async () => {
      const [{ id }] = await api.ds.query(
        `INSERT INTO actions (campaign_id, kind, slug, title, status) SELECT id, 'petition', 'closed-one', 'Closed', 'closed' FROM campaigns LIMIT 1 RETURNING id`,
      );
      const res = await submit(id, supporter('closed'));
      expect(res.status).toBe(409);
      const [{ n }] = await api.ds.query(`SELECT count(*)::int AS n FROM submissions WHERE action_id = $1`, [id]);
      expect(n).toBe(0);
    });

    it('answers 409 as soon as a cached live action is closed', async () => {
      const [{ id }] = await api.ds.query(
        `INSERT INTO actions (campaign_id, kind, slug, title, status) SELECT id, 'petition', 'closing-one', 'Closing', 'live' FROM campaigns LIMIT 1 RETURNING id`,
      );
      expect((await submit(id, supporter('c1'))).status).toBe(202);
      await api.ds.query(`UPDATE actions SET status = 'closed' WHERE id = $1`, [id]);
      expect((await submit(id, supporter('c2'))).status).toBe(409);
    });
  });

  describe('confirmation', () => {
    it('counts a submission on an action that requires confirmation only once confirmed', async () => {
      const [{ id }] = await api.ds.query(
        `INSERT INTO actions (campaign_id, kind, slug, title, status, require_confirmation) SELECT id, 'petition', 'confirm-me', 'Confirm', 'live', true FROM campaigns LIMIT 1 RETURNING id`,
      );
      const before = (await getJson(`${api.url}/api/stats`)).json.actionsTaken;
      expect((await submit(id, supporter('conf'))).status).toBe(202);
      expect((await getJson(`${api.url}/api/stats`)).json.actionsTaken).toBe(before);
      // The confirmation email's link carries a token whose hash is stored (set here as the mailer would).
      const token = 'tok_' + 'a'.repeat(40);
      const { createHash } = await import('node:crypto');
      await api.ds.query(`UPDATE submissions SET confirm_token_hash = $1 WHERE action_id = $2`, [createHash('sha256').update(token).digest('hex'), id]);
      expect((await postJson(`${api.url}/api/confirmations/${token}`, {})).status).toBe(200);
      expect((await getJson(`${api.url}/api/stats`)).json.actionsTaken).toBe(before + 1);
      // A second confirmation changes nothing.
      expect((await postJson(`${api.url}/api/confirmations/${token}`, {})).status).toBe(200);
      expect((await getJson(`${api.url}/api/stats`)).json.actionsTaken).toBe(before + 1);
      expect((await postJson(`${api.url}/api/confirmations/${'b'.repeat(40)}`, {})).status).toBe(404);
    });
  });
});
