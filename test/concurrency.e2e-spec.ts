import { getJson, postJson, startTestApi, supporter, TestApi } from './support/api';

describe('concurrent submissions', () => {
  let api: TestApi;
  let petition: string;

  beforeAll(async () => {
    api = await startTestApi();
    [{ id: petition }] = await api.ds.query(
      `INSERT INTO actions (campaign_id, kind, slug, title, status, goal)
       SELECT id, 'petition', 'concurrency-petition', 'Concurrency', 'live', 1000 FROM campaigns WHERE slug = 'human-trafficking-101'
       RETURNING id`,
    );
  });
  afterAll(() => api.close());

  it('500 concurrent submissions over 100 emails give exactly 100 submissions and counters of 100', async () => {
    const before = (await getJson(`${api.url}/api/stats`)).json;
    const requests = Array.from({ length: 500 }, (_, i) => {
      const n = i % 100;
      // The same person types their email differently on different attempts.
      const email = i % 3 === 0 ? `Crowd${n}@Example.org` : `crowd${n}@example.org`;
      return postJson(`${api.url}/api/actions/${petition}/submissions`, supporter(n, { email }));
    });
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status)).toEqual(Array(500).fill(202));
    // Every answer is identical: nobody can tell the first from the repeats.
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);

    const [{ n }] = await api.ds.query(`SELECT count(*)::int AS n FROM submissions WHERE action_id = $1`, [petition]);
    expect(n).toBe(100);
    const [{ s }] = await api.ds.query(`SELECT count(*)::int AS s FROM supporters WHERE email_normalized LIKE 'crowd%@example.org'`);
    expect(s).toBe(100);

    const action = (await getJson(`${api.url}/api/actions/${petition}`)).json;
    expect(action.count).toBe(100);
    const after = (await getJson(`${api.url}/api/stats`)).json;
    expect(after.actionsTaken - before.actionsTaken).toBe(100);
    // Petitions are not pledges.
    expect(after.pledgesMade).toBe(before.pledgesMade);

    const recount = await api.app.get((await import('@app/counters')).CountersService).recount();
    expect(after).toEqual(recount);
  });

  it('the same email sent 50 times at once on one action gives one submission', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => postJson(`${api.url}/api/actions/${petition}/submissions`, supporter('burst'))),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const [{ n }] = await api.ds.query(
      `SELECT count(*)::int AS n FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE s.action_id = $1 AND p.email_normalized = 'supporterburst@example.org'`,
      [petition],
    );
    expect(n).toBe(1);
    // ...and at most three "already signed" emails however many repeats arrive at once.
    const [{ m }] = await api.ds.query(
      `SELECT count(*)::int AS m FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = 'supporterburst@example.org' AND m.kind = 'already_signed'`,
    );
    expect(m).toBeLessThanOrEqual(3);
  });
});
