import type IORedis from 'ioredis';
import { parseConfig } from '@app/config';
import { strict } from '../../../test/support/strict-fake';
import { RateLimiterService } from './rate-limiter.service';

describe('RateLimiterService', () => {
  const cfg = parseConfig({ NODE_ENV: 'test' });
  const rules = [{ name: 'ip', subject: 'h', limit: 2, periodMs: 60_000 }];

  /** A Redis client whose script call is answered by `reply` (defineCommand is what the constructor needs). */
  const redisAnswering = (reply: () => Promise<number[]>) =>
    strict<IORedis & { rallyGcra: () => Promise<number[]> }>({ defineCommand: () => undefined, rallyGcra: reply });

  afterEach(() => jest.useRealTimers());

  it('fails open after 250 ms when Redis does not answer, and not before', async () => {
    jest.useFakeTimers();
    const limiter = new RateLimiterService(redisAnswering(() => new Promise(() => undefined)), cfg);
    let result: unknown = 'pending';
    void limiter.consume(rules).then((r) => (result = r));
    await jest.advanceTimersByTimeAsync(249);
    expect(result).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(result).toBeNull();
  });

  it('fails open at once when the call fails', async () => {
    const limiter = new RateLimiterService(redisAnswering(() => Promise.reject(new Error('Connection is closed.'))), cfg);
    await expect(limiter.consume(rules)).resolves.toBeNull();
  });

  it("reads Redis's answer: allowed, retry-after and each rule's fill", async () => {
    const limiter = new RateLimiterService(redisAnswering(() => Promise.resolve([0, 1500, 1000])), cfg);
    await expect(limiter.consume(rules)).resolves.toEqual({ allowed: false, retryAfterMs: 1500, fill: { ip: 1 } });
  });
});
