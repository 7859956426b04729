import { createTestEnv, TestEnv } from './support/env';
import { getJson, postJson, startTestApi, supporter, TestApi } from './support/api';
import { PrivateRedis } from './chaos/private-redis';
import { FormGuardService } from '@app/abuse';
import { HOLD_REASONS } from '@app/submissions';


describe('abuse defences on submissions', () => {
  let env: TestEnv;
  let api: TestApi;
  let api2: TestApi;
  const limits = {
    RATE_LIMITS: 'true',
    TRUST_PROXY: 'true',
    RATE_LIMIT_IP: '3/60',
    RATE_LIMIT_NETWORK: '6/60',
    RATE_LIMIT_EMAIL_DOMAIN: '4/60',
    RATE_LIMIT_ACTION: '10/60',
    SUSPICIOUS_FILL_PERCENT: '60',
    FORM_MIN_SECONDS: '3',
  };

  beforeAll(async () => {
    env = await createTestEnv();
    // Two API processes' worth of apps on one Redis: the limits must hold across them.
    api = await startTestApi(limits, env);
    api2 = await startTestApi(limits, env);
  });
  afterAll(async () => {
    await api2?.close();
    await api?.close();
    await env?.drop();
  });

  let n = 0;
  const newPetition = async () => {
    const [{ id }] = await api.ds.query(
      `INSERT INTO actions (campaign_id, kind, slug, title, status) SELECT id, 'petition', $1, 'Abuse test', 'live' FROM campaigns LIMIT 1 RETURNING id`,
      [`abuse-${++n}`],
    );
    return id as string;
  };
  const submit = (base: string, action: string, body: unknown, ip: string) =>
    postJson(`${base}/api/actions/${action}/submissions`, body, { 'x-forwarded-for': ip });
  const rows = async (action: string) =>
    (await api.ds.query(`SELECT status FROM submissions WHERE action_id = $1 ORDER BY id`, [action])).map((r: { status: string }) => r.status);
  const holdReasons = async (action: string) =>
    (await api.ds.query(`SELECT hold_reason FROM submissions WHERE action_id = $1 ORDER BY id`, [action])).map((r: { hold_reason: string | null }) => r.hold_reason);

  it('limits one IP, answering 429 problem+json with Retry-After, across two API processes, and records nothing refused', async () => {
    const action = await newPetition();
    const ip = '192.0.2.10';
    expect((await submit(api.url, action, supporter('ip1', { email: 'ip1@gmail.com' }), ip)).status).toBe(202);
    expect((await submit(api2.url, action, supporter('ip2', { email: 'ip2@gmail.com' }), ip)).status).toBe(202);
    expect((await submit(api.url, action, supporter('ip3', { email: 'ip3@gmail.com' }), ip)).status).toBe(202);
    const refused = await submit(api2.url, action, supporter('ip4', { email: 'ip4@gmail.com' }), ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.json).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // helmet headers are on problem answers too.
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Another address elsewhere is not affected.
    expect((await submit(api.url, action, supporter('ip5', { email: 'ip5@gmail.com' }), '198.18.7.1')).status).toBe(202);
    expect(await rows(action)).toHaveLength(4);
  });

  it('limits a /24 network and holds signatures once the network is busy', async () => {
    const action = await newPetition();
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) {
      statuses.push((await submit(api.url, action, supporter(`net${i}`, { email: `net${i}@gmail.com` }), `203.0.113.${i}`)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 429]);
    // 60% of 6 = 3.6: the 4th, 5th and 6th are kept but held (out of the counters).
    expect(await rows(action)).toEqual(['counted', 'counted', 'counted', 'held', 'held', 'held']);
    expect(await holdReasons(action)).toEqual([null, null, null, 'network-burst', 'network-burst', 'network-burst']);
    // An IPv6 /64 is one network too.
    const v6 = await newPetition();
    const v6statuses: number[] = [];
    for (let i = 1; i <= 7; i++) {
      v6statuses.push((await submit(api.url, v6, supporter(`v6-${i}`, { email: `v6-${i}@gmail.com` }), `2001:db8:1:2::${i.toString(16)}`)).status);
    }
    expect(v6statuses.at(-1)).toBe(429);
  });

  it('limits a burst from one email domain but not a shared provider', async () => {
    const action = await newPetition();
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      statuses.push((await submit(api.url, action, supporter(`dom${i}`, { email: `p${i}@burst-domain.example` }), `10.${i}.0.1`)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    expect(await rows(action)).toEqual(['counted', 'counted', 'held', 'held']);
    expect(await holdReasons(action)).toEqual([null, null, 'domain-burst', 'domain-burst']);
    // gmail.com is shared by millions: only IP and network limits apply to it.
    const other = await newPetition();
    for (let i = 1; i <= 6; i++) {
      expect((await submit(api.url, other, supporter(`g${i}`, { email: `g${i}@gmail.com` }), `10.${50 + i}.0.1`)).status).toBe(202);
    }
  });

  it('limits one action as a whole', async () => {
    const action = await newPetition();
    const statuses: number[] = [];
    for (let i = 1; i <= 11; i++) {
      statuses.push((await submit(api.url, action, supporter(`act${i}`, { email: `act${i}@gmail.com` }), `172.16.${i}.1`)).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('keeps a throwaway-mailbox signature but holds it out of the counters with a confirmation email queued', async () => {
    const action = await newPetition();
    const before = (await getJson(`${api.url}/api/stats`)).json.actionsTaken;
    const res = await submit(api.url, action, supporter('temp', { email: 'someone@mailinator.com' }), '100.64.1.1');
    const normal = await submit(api.url, action, supporter('normal', { email: 'someone@gmail.com' }), '100.64.2.1');
    // The answer does not reveal the hold.
    expect(res.status).toBe(202);
    expect(res.text).toBe(normal.text);
    expect(await rows(action)).toEqual(['held', 'counted']);
    expect(await holdReasons(action)).toEqual(['disposable-domain', null]);
    expect((await getJson(`${api.url}/api/stats`)).json.actionsTaken).toBe(before + 1);
    const [mail] = await api.ds.query(
      `SELECT m.kind, m.status FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE s.action_id = $1 AND s.status = 'held'`,
      [action],
    );
    expect(mail).toEqual({ kind: 'confirmation', status: 'queued' });
  });

  it('holds web form signatures with a filled honeypot, a forged stamp or sent back too fast, and counts a normal one', async () => {
    const action = await newPetition();
    const guard = api.app.get(FormGuardService);
    const form = (fields: Record<string, string>, ip: string) =>
      fetch(`${api.url}/act/${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
        body: new URLSearchParams({ givenName: 'Form', familyName: 'Person', zip: '05401', ...fields }).toString(),
      });
    const typedAt = guard.issue(Date.now() - 20_000);
    const answers = [
      await form({ email: 'f1@gmail.com', website: '', renderedAt: typedAt }, '100.70.1.1'),
      await form({ email: 'f2@gmail.com', website: 'http://spam.example', renderedAt: typedAt }, '100.70.2.1'),
      await form({ email: 'f3@gmail.com', website: '', renderedAt: guard.issue() }, '100.70.3.1'),
      await form({ email: 'f4@gmail.com', website: '', renderedAt: `${Date.now() - 20_000}.${'x'.repeat(43)}` }, '100.70.4.1'),
    ];
    // Every sender sees the same thank-you redirect: a bot learns nothing from the answer.
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    expect(new Set(answers.map((r) => r.headers.get('location'))).size).toBe(1);
    expect(await rows(action)).toEqual(['counted', 'held', 'held', 'held']);
    expect(await holdReasons(action)).toEqual([null, 'honeypot', 'too-fast', 'bad-stamp']);
  });

  it('stores only the hold reasons the code knows (the column CHECK lists the same words)', async () => {
    const [{ def }] = await api.ds.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'submissions_hold_reason_check'`);
    expect([...def.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort()).toEqual([...HOLD_REASONS].sort());
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const strict = await startTestApi({ ...limits, TRUST_PROXY: 'false', RATE_LIMIT_IP: '2/60', RATE_LIMIT_NETWORK: '100/60' }, env);
    try {
      const action = await newPetition();
      const statuses: number[] = [];
      // A client making up a new address each time is still one client.
      for (let i = 1; i <= 3; i++) {
        statuses.push((await submit(strict.url, action, supporter(`xff${i}`, { email: `xff${i}@gmail.com` }), `198.51.100.${i}`)).status);
      }
      expect(statuses).toEqual([202, 202, 429]);
    } finally {
      await strict.close();
    }
  });

  it('lets submissions through, committed and counted, when Redis is down', async () => {
    const redis = await PrivateRedis.start();
    const down = await startTestApi({ ...limits, REDIS_URL: redis.url }, env);
    try {
      const action = await newPetition();
      await redis.stop();
      for (let i = 1; i <= 5; i++) {
        expect((await submit(down.url, action, supporter(`nored${i}`, { email: `nored${i}@gmail.com` }), '192.0.2.99')).status).toBe(202);
      }
      // Fail open (how long the limiter waits for Redis, 250 ms at most, is its unit test's business).
      expect(await rows(action)).toEqual(['counted', 'counted', 'counted', 'counted', 'counted']);
      // The outbox holds their emails until Redis is back and the sweeper enqueues them.
      const [{ q }] = await down.ds.query(
        `SELECT count(*)::int AS q FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE s.action_id = $1 AND m.status = 'queued'`,
        [action],
      );
      expect(q).toBe(5);
    } finally {
      await redis.start();
      await down.close();
      await redis.stop();
    }
  });
});
