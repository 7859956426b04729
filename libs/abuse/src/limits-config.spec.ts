import { parseConfig } from '@app/config';
import { SubmissionGate } from './submission-gate.service';
import type { RateLimiterService } from './rate-limiter.service';

/** A development environment (not NODE_ENV=test, whose defaults differ). */
const dev = { RALLY_INSECURE_DEV_SECRET: 'true' };

describe('rate limit settings', () => {
  it('parse count/seconds and name the variable when wrong', () => {
    expect(parseConfig({ ...dev, RATE_LIMIT_IP: '5/10' }).RATE_LIMIT_IP).toEqual({ limit: 5, periodMs: 10_000 });
    expect(parseConfig(dev).RATE_LIMIT_IP).toEqual({ limit: 30, periodMs: 60_000 });
    expect(() => parseConfig({ ...dev, RATE_LIMIT_IP: 'lots' })).toThrow(/^Invalid configuration: RATE_LIMIT_IP must be count\/seconds/);
    expect(() => parseConfig({ ...dev, RATE_LIMIT_NETWORK: '0/60' })).toThrow(/RATE_LIMIT_NETWORK/);
  });

  it('are on by default and off by default in tests', () => {
    expect(parseConfig(dev).RATE_LIMITS).toBe(true);
    expect(parseConfig({ NODE_ENV: 'test' }).RATE_LIMITS).toBe(false);
    expect(parseConfig({ NODE_ENV: 'test', RATE_LIMITS: 'true' }).RATE_LIMITS).toBe(true);
  });
});

describe('SubmissionGate', () => {
  const cfg = parseConfig(dev);
  const action = { id: '00000000-0000-4000-8000-000000000001' } as never;

  it('builds one rule per limit and never puts an IP or domain in clear into a key', () => {
    const gate = new SubmissionGate({} as RateLimiterService, cfg);
    const rules = gate.rules('a1', '203.0.113.9', 'union.example');
    expect(rules.map((r) => r.name)).toEqual(['action', 'ip', 'network', 'domain']);
    expect(JSON.stringify(rules)).not.toMatch(/203\.0\.113|union\.example/);
    expect(gate.rules('a1', undefined, 'gmail.com').map((r) => r.name)).toEqual(['action']);
  });

  it('lets a submission through when the limiter is unavailable', async () => {
    const gate = new SubmissionGate({ consume: async () => null } as unknown as RateLimiterService, cfg);
    await expect(gate.check({ action, email: 'a@union.example', ip: '203.0.113.9' })).resolves.toEqual({ suspicious: false, reasons: [] });
  });

  it('refuses with 429 and a Retry-After when a limit is spent', async () => {
    const gate = new SubmissionGate({ consume: async () => ({ allowed: false, retryAfterMs: 2500, fill: {} }) } as unknown as RateLimiterService, cfg);
    await expect(gate.check({ action, email: 'a@union.example', ip: '203.0.113.9' })).rejects.toMatchObject({
      status: 429,
      headers: { 'retry-after': '3' },
    });
  });

  it('holds a throwaway mailbox or a busy domain', async () => {
    const busy = new SubmissionGate(
      { consume: async () => ({ allowed: true, retryAfterMs: 0, fill: { domain: 0.9, network: 0.1 } }) } as unknown as RateLimiterService,
      cfg,
    );
    await expect(busy.check({ action, email: 'x@union.example' })).resolves.toEqual({ suspicious: true, reasons: ['domain-burst'] });
    await expect(busy.check({ action, email: 'x@yopmail.com' })).resolves.toMatchObject({ reasons: ['disposable-domain', 'domain-burst'] });
  });
});
