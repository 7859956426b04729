import { Client } from 'pg';
import { createTestEnv, TestEnv } from './support/env';
import { startApiProcess, RallyProcess } from './support/processes';
import { postJson, supporter } from './support/api';
import { readStats } from './support/sse';

/** Two real API processes against one Postgres database and one Redis prefix. */
describe('two API instances', () => {
  let env: TestEnv;
  let a: RallyProcess & { url: string };
  let b: RallyProcess & { url: string };
  let db: Client;
  let pledge: string;

  beforeAll(async () => {
    env = await createTestEnv();
    [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    db = new Client({ connectionString: env.db.url });
    await db.connect();
    [{ id: pledge }] = (await db.query(`SELECT id FROM actions WHERE slug = 'pledge-to-learn-the-signs'`)).rows;
  }, 60000);

  afterAll(async () => {
    await db?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await env?.drop();
  });

  it('agree: SSE clients on either one see every change, and the totals equal a recount', async () => {
    const [{ n: start }] = (await db.query(`SELECT count(*)::int AS n FROM submissions WHERE status = 'counted'`)).rows;
    const total = 60;
    let sent = false;
    const send = async () => {
      // Interleave the same 40 people over both instances (20 of them twice): 40 distinct signatures.
      await Promise.all(
        Array.from({ length: total }, (_, i) =>
          postJson(`${(i % 2 ? a : b).url}/api/actions/${pledge}/submissions`, supporter(`two-${i % 40}`)),
        ),
      );
    };
    const watch = (url: string) =>
      readStats(
        `${url}/api/stats/stream`,
        (s, all) => {
          if (!sent) {
            sent = true;
            void send();
          }
          return s.actionsTaken === all[0].actionsTaken + 40 && all.length > 1;
        },
      );
    const [onA, onB] = await Promise.all([watch(a.url), watch(b.url)]);
    const lastA = onA[onA.length - 1];
    const lastB = onB[onB.length - 1];
    expect(lastA).toEqual(lastB);

    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM submissions WHERE status = 'counted'`)).rows;
    expect(n - start).toBe(40);
    expect(lastA.actionsTaken).toBe(n);
    const stats = await (await fetch(`${a.url}/api/stats`)).json();
    const statsB = await (await fetch(`${b.url}/api/stats`)).json();
    expect(stats).toEqual(statsB);
    expect(stats.actionsTaken).toBe(n);
  });
});
