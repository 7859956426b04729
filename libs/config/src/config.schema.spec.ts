import { parseConfig } from './config.schema';

describe('parseConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const cfg = parseConfig({});
    expect(cfg.PORT).toBe(3000);
    expect(cfg.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/rally');
    expect(cfg.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(cfg.PUBLIC_URL).toBe('http://localhost:3000');
    expect(cfg.MAIL_FROM).toBe('Rally <no-reply@localhost>');
  });

  it('derives PUBLIC_URL from PORT', () => {
    expect(parseConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
  });

  it('names the variable in one line when a value is invalid', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT must be a number/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^Invalid configuration: DATABASE_URL must be a URL/);
    expect(() => parseConfig({ REDIS_URL: 'nope' })).toThrow(/REDIS_URL/);
  });

  it('requires APP_SECRET in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/APP_SECRET/);
    expect(parseConfig({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32) }).APP_SECRET).toHaveLength(32);
  });
});
