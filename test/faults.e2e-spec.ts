import { createTestEnv, TestEnv } from './support/env';
import { actionId, getJson, postJson, startTestApi, supporter, TestApi } from './support/api';
import { TcpProxy, viaProxy } from './chaos/tcp-proxy';
import { PrivateRedis } from './chaos/private-redis';
import { eventually } from './support/eventually';

const count = async (api: TestApi, sql: string, params: unknown[] = []) => Number((await api.ds.query(sql, params))[0].n);

/** Reads SSE `stats` events until one satisfies `until` (or the time is up). */
async function waitForStatsEvent(url: string, until: (stats: any) => boolean, timeoutMs = 30000): Promise<{ stats: any; headers: Headers }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: ctrl.signal });
    const reader = res.body!.getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buf += Buffer.from(value).toString();
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (frame.includes('event: stats') && data) {
          const stats = JSON.parse(data.slice(6));
          if (until(stats)) return { stats, headers: res.headers };
        }
      }
    }
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
}

describe('faults', () => {
  describe('Postgres down', () => {
    let env: TestEnv;
    let proxy: TcpProxy;
    let api: TestApi;
    let pledge: string;

    beforeAll(async () => {
      env = await createTestEnv();
      proxy = new TcpProxy(Number(new URL(env.db.url).port || 5432));
      await proxy.start();
      // The cut opens the database breaker: submissions come back after one cool-down.
      api = await startTestApi({ DATABASE_URL: viaProxy(env.db.url, proxy.port), DATABASE_BREAKER_COOLDOWN_MS: '1000' }, env);
      pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    });
    afterAll(async () => {
      await proxy?.restore().catch(() => undefined);
      await api?.close();
      await proxy?.close();
      await env?.drop();
    });

    it('answers 503 with Retry-After, turns readiness red, writes nothing, and recovers', async () => {
      const submit = (i: string) => postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter(i));
      expect((await submit('before-cut')).status).toBe(202);
      expect((await getJson(`${api.url}/health/ready`)).status).toBe(200);

      await proxy.cut();
      for (const i of ['during-1', 'during-2', 'during-3']) {
        const res = await submit(i);
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      const ready = await getJson(`${api.url}/health/ready`);
      expect(ready.status).toBe(503);
      // Reads fail the same way, never with a 500.
      expect((await getJson(`${api.url}/api/stats`)).status).toBe(503);

      await proxy.restore();
      // Back once the cool-down lets a probe through.
      await eventually(async () => (await submit('after-restore')).status === 202, 'submissions accepted after the restore', 45000, 100);
      expect((await getJson(`${api.url}/health/ready`)).status).toBe(200);
      // Exactly the two accepted submissions exist, with their outbox rows; nothing half-written.
      expect(await count(api, `SELECT count(*) AS n FROM supporters WHERE email_normalized LIKE 'supporterduring-%'`)).toBe(0);
      expect(await count(api, `SELECT count(*) AS n FROM submissions WHERE action_id = $1`, [pledge])).toBe(2);
      expect(await count(api, `SELECT count(*) AS n FROM messages WHERE action_id = $1 AND kind = 'thank_you'`, [pledge])).toBe(2);
    });
  });

  describe('Postgres hanging (black hole)', () => {
    let env: TestEnv;
    let proxy: TcpProxy;
    let api: TestApi;
    let pledge: string;
    const QUERY_TIMEOUT_MS = 2000;

    beforeAll(async () => {
      env = await createTestEnv();
      proxy = new TcpProxy(Number(new URL(env.db.url).port || 5432));
      await proxy.start();
      api = await startTestApi(
        {
          DATABASE_URL: viaProxy(env.db.url, proxy.port),
          DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
          // Long enough that the open-breaker checks below cannot span two probes on a slow machine.
          DATABASE_BREAKER_COOLDOWN_MS: '10000',
        },
        env,
      );
      pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    });
    afterAll(async () => {
      proxy?.resume();
      await api?.close();
      await proxy?.close();
      await env?.drop();
    });

    it('answers 503 with Retry-After once the query timeout fires, then without touching the database while the breaker is open, turns readiness red, and recovers with nothing half-written', async () => {
      const submit = async (i: string) => {
        const chunks = proxy.clientChunks;
        const res = await postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter(i));
        return { ...res, reachedDatabase: proxy.clientChunks > chunks };
      };
      expect((await submit('bh-before')).status).toBe(202);
      expect((await getJson(`${api.url}/health/ready`)).status).toBe(200);

      proxy.blackHole();
      // Two statements hang (the Coalescer's two in flight), the rest queue behind them.
      const burst = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => submit(`bh-during-${i}`)));
      for (const res of burst) {
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Readiness is red, and says so without waiting once the breaker has opened.
      expect((await getJson(`${api.url}/health/ready`)).status).toBe(503);
      const ready = await eventually(async () => {
        const r = await getJson(`${api.url}/health/ready`);
        return r.json?.error?.database?.message === 'circuit open' && r;
      }, 'readiness to report the open circuit', 45000, 200);
      expect(ready.status).toBe(503);
      expect(ready.json.error.database).toEqual({ status: 'down', message: 'circuit open' });

      // The breaker is open: new submissions fail without sending a byte to the database (one per
      // cool-down may be a probe). One after another, so a closed breaker would send each its own statement.
      const open = [];
      for (const i of [1, 2, 3, 4, 5]) open.push(await submit(`bh-open-${i}`));
      for (const res of open) {
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(open.filter((r) => r.reachedDatabase).length).toBeLessThanOrEqual(1);

      proxy.resume();
      // The next probe after the cool-down finds the database and closes the breaker.
      await eventually(async () => (await submit('bh-after')).status === 202, 'submissions accepted after the black hole', 45000, 200);
      expect((await submit('bh-after-2')).status).toBe(202);
      await eventually(async () => (await getJson(`${api.url}/health/ready`)).status === 200, 'readiness green again', 45000, 200);

      // Only the three accepted submissions exist, each with its mail; the counters equal a recount.
      expect(await count(api, `SELECT count(*) AS n FROM supporters WHERE email_normalized LIKE 'supporterbh-during-%' OR email_normalized LIKE 'supporterbh-open-%'`)).toBe(0);
      expect(await count(api, `SELECT count(*) AS n FROM submissions WHERE action_id = $1`, [pledge])).toBe(3);
      expect(await count(api, `SELECT count(*) AS n FROM messages WHERE action_id = $1 AND kind = 'thank_you'`, [pledge])).toBe(3);
      const [drift] = await api.ds.query(
        `SELECT (SELECT COALESCE(sum(actions_taken), 0) FROM counter_shards WHERE action_id = $1)
                  - (SELECT count(*) FROM submissions WHERE action_id = $1 AND status = 'counted') AS taken,
                (SELECT COALESCE(sum(pledges_made), 0) FROM counter_shards WHERE action_id = $1)
                  - (SELECT count(*) FROM submissions WHERE action_id = $1 AND status = 'counted') AS pledged`,
        [pledge],
      );
      expect({ taken: Number(drift.taken), pledged: Number(drift.pledged) }).toEqual({ taken: 0, pledged: 0 });
    });
  });

  describe('Redis down', () => {
    let env: TestEnv;
    let redis: PrivateRedis;
    let api: TestApi;
    let pledge: string;

    beforeAll(async () => {
      env = await createTestEnv();
      redis = await PrivateRedis.start();
      api = await startTestApi({ REDIS_URL: redis.url, RATE_LIMITS: 'true', STATS_TICK_MS: '100' }, env);
      pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    });
    afterAll(async () => {
      await api?.close();
      await redis?.stop();
      await env?.drop();
    });

    it('still commits submissions (the outbox holds their mail) and live counters catch up when Redis is back', async () => {
      const submit = (i: string) => postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter(i));
      expect((await submit('r-before')).status).toBe(202);
      const base = (await getJson(`${api.url}/api/stats`)).json.actionsTaken;

      await redis?.stop();
      // How long the rate limiter waits for a Redis that is gone is its unit test's business (250 ms).
      for (const i of ['r-down-1', 'r-down-2', 'r-down-3']) expect((await submit(i)).status).toBe(202);
      expect((await getJson(`${api.url}/health/ready`)).status).toBe(503);
      expect((await getJson(`${api.url}/api/stats`)).json.actionsTaken).toBe(base + 3);
      expect(
        await count(
          api,
          `SELECT count(*) AS n FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized LIKE 'supporterr-down-%' AND m.status = 'queued'`,
        ),
      ).toBe(3);

      await redis.start();
      // The live stream reflects the three submissions made while Redis was away.
      const { stats } = await waitForStatsEvent(`${api.url}/api/stats/stream`, (s) => s.actionsTaken === base + 3);
      expect(stats.actionsTaken).toBe(base + 3);
      await eventually(async () => (await getJson(`${api.url}/health/ready`)).status === 200, 'readiness green with Redis back', 45000, 100);
      expect((await submit('r-after')).status).toBe(202);
    });
  });

  describe('security headers', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi();
    });
    afterAll(() => api?.close());

    const expectHelmet = (h: Headers) => {
      expect(h.get('content-security-policy')).toContain("default-src 'self'");
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
    };

    it('are on problem answers (404, 415, 422, 400)', async () => {
      const pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
      expectHelmet((await getJson(`${api.url}/api/campaigns/no-such-campaign`)).headers);
      expectHelmet((await getJson(`${api.url}/no/such/route`)).headers);
      expectHelmet((await postJson(`${api.url}/api/actions/${pledge}/submissions`, { email: 'x' })).headers);
      const bad = await fetch(`${api.url}/api/actions/${pledge}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
      expect(bad.status).toBe(400);
      expectHelmet(bad.headers);
    });

    it('are on the SSE stream', async () => {
      const { headers } = await waitForStatsEvent(`${api.url}/api/stats/stream`, () => true);
      expect(headers.get('content-type')).toContain('text/event-stream');
      expectHelmet(headers);
    });
  });
});
