import { ServiceUnavailableError } from '@app/common';
import { DatabaseHealth, isDatabaseUnavailable } from './database-health';

const timeout = () => new Error('Query read timeout');

describe('DatabaseHealth', () => {
  let now: number;
  let health: DatabaseHealth;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    health = new DatabaseHealth({ DATABASE_BREAKER_FAILURES: 2, DATABASE_BREAKER_COOLDOWN_MS: 5000 });
  });
  afterEach(() => jest.restoreAllMocks());

  it('opens after two connection failures in a row, not after SQL errors', () => {
    health.recordFailure(Object.assign(new Error('duplicate key'), { code: '23505' }));
    health.recordFailure(Object.assign(new Error('invalid input'), { code: '22P02' }));
    health.recordFailure(timeout());
    expect(health.open).toBe(false);
    health.recordFailure(new Error('timeout exceeded when trying to connect'));
    expect(health.open).toBe(true);
    expect(() => health.check()).toThrow(ServiceUnavailableError);
    expect(() => health.checkAdmitted()).toThrow(ServiceUnavailableError);
  });

  it('a success in between resets the count', () => {
    health.recordFailure(timeout());
    health.recordSuccess();
    health.recordFailure(timeout());
    expect(health.open).toBe(false);
  });

  it('answers Retry-After until the cool-down ends, then lets one probe through; its success closes it', () => {
    health.recordFailure(timeout());
    health.recordFailure(timeout());
    now += 1200;
    try {
      health.check();
      throw new Error('not refused');
    } catch (err) {
      expect((err as ServiceUnavailableError).headers).toEqual({ 'retry-after': '4' });
    }
    now += 3800;
    expect(() => health.check()).not.toThrow(); // the probe
    expect(() => health.checkAdmitted()).not.toThrow(); // its batch runs
    expect(() => health.check()).toThrow(ServiceUnavailableError); // everyone else waits
    health.recordSuccess();
    expect(health.open).toBe(false);
    expect(() => health.check()).not.toThrow();
  });

  it('a failed probe opens it for another cool-down; a probe that never reports is replaced after one', () => {
    health.recordFailure(timeout());
    health.recordFailure(timeout());
    now += 5000;
    health.check();
    health.recordFailure(timeout());
    expect(() => health.checkAdmitted()).toThrow(ServiceUnavailableError);
    now += 4999;
    expect(() => health.check()).toThrow(ServiceUnavailableError);
    now += 1;
    expect(() => health.check()).not.toThrow();
    now += 5000;
    expect(() => health.check()).not.toThrow();
  });

  it('track() records the outcome and passes it on', async () => {
    await expect(health.track(Promise.reject(timeout()))).rejects.toThrow('Query read timeout');
    await expect(health.track(Promise.reject(timeout()))).rejects.toThrow('Query read timeout');
    expect(health.open).toBe(true);
    await expect(health.track(Promise.resolve(7))).resolves.toBe(7);
    expect(health.open).toBe(false);
  });

  it('recognises a lost connection inside a TypeORM QueryFailedError', () => {
    expect(isDatabaseUnavailable({ message: 'Query failed', driverError: timeout() })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'Query failed', driverError: { code: '23505' } })).toBe(false);
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true);
  });
});
