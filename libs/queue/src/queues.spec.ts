import { deliveryBackoffDelay, deliveryJobId, JOB_QUEUE, JOBS, QUEUES } from './queues';

describe('queues', () => {
  it('every job is declared on a known queue', () => {
    expect(Object.keys(JOB_QUEUE).sort()).toEqual(Object.values(JOBS).sort());
    for (const queue of Object.values(JOB_QUEUE)) expect(Object.values(QUEUES)).toContain(queue);
  });

  it('a message has one deterministic job id', () => {
    expect(deliveryJobId(42)).toBe('msg-42');
    expect(deliveryJobId('42')).toBe(deliveryJobId(42));
  });

  it('backoff doubles per attempt, is drawn from the upper half, and stops growing at one hour', () => {
    const draws = (attempt: number, base: number) => Array.from({ length: 200 }, () => deliveryBackoffDelay(attempt, base));
    for (const [attempt, ceiling] of [
      [1, 1000],
      [2, 2000],
      [4, 8000],
    ]) {
      const d = draws(attempt, 1000);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(ceiling / 2);
      expect(Math.max(...d)).toBeLessThanOrEqual(ceiling);
    }
    expect(Math.max(...draws(40, 60_000))).toBeLessThanOrEqual(3600_000);
    expect(Math.min(...draws(40, 60_000))).toBeGreaterThanOrEqual(1800_000);
  });
});
