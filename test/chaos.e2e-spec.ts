import { formatTable, runScenario, ScenarioName, violations } from './chaos/scenarios';

/**
 * The reduced chaos suite for CI (the full one is `npm run test:chaos`): Redis restarted empty
 * under load, Postgres cut for 3 s under load, and an SMTP server refusing 30 % with 451 and
 * answering the rest after 1-3 s. Real API and worker processes (`node scripts/build.js` first;
 * `npm test` does). A worker SIGKILL is covered by test/delivery-crash.e2e-spec.ts, and longer
 * Postgres outages at the worker by test/delivery-outage.e2e-spec.ts.
 */
describe('chaos (reduced)', () => {
  const cases: ScenarioName[] = ['redis-restart', 'postgres-cut', 'smtp-faults'];
  it.each(cases)('%s: every accepted submission is stored once, every letter delivered exactly once, counters exact', async (name) => {
    const r = await runScenario(name, { submissions: 20, spreadMs: 3000, drainTimeoutMs: 45000 });
    // The table goes to the test output when a guarantee breaks.
    expect({ violations: violations(r), table: r.ok ? '' : formatTable([r]) }).toEqual({ violations: [], table: '' });
    if (name === 'postgres-cut') {
      // While Postgres is cut the API answers 503 (a client would retry) ...
      expect(r.accepted).toBeGreaterThan(0);
      // ... and the fault must have hit its window: messages accepted by the server that could not be marked sent at once.
      expect(r.sentDuringOutage).toBeGreaterThan(0);
    } else expect(r.accepted).toBe(20);
    expect(r.delivered).toBe(r.lettersExpected);
    expect(r.duplicated).toBe(0);
    expect(r.lost).toBe(0);
    expect([r.driftActionsTaken, r.driftMessagesSent]).toEqual([0, 0]);
  }, 180000);
});
