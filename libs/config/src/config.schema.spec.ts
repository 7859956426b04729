import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig } from './config.schema';

/** A secret as an operator makes one (`openssl rand -base64 48`). */
const goodSecret = () => randomBytes(36).toString('base64');

/** Runs parseConfig expecting a ConfigError; returns its message. */
function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`parseConfig accepted ${Object.keys(env).join(', ')}`);
}

describe('parseConfig', () => {
  it('uses the documented defaults for an empty environment (with a secret)', () => {
    const cfg = parseConfig({ APP_SECRET: goodSecret() });
    expect(cfg.NODE_ENV).toBe('development');
    expect(cfg.PORT).toBe(3000);
    expect(cfg.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/rally');
    expect(cfg.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(cfg.PUBLIC_URL).toBe('http://localhost:3000');
    expect(cfg.MAIL_FROM).toBe('Rally <no-reply@localhost>');
  });

  it('derives PUBLIC_URL from PORT', () => {
    expect(parseConfig({ NODE_ENV: 'test', PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
  });

  it('names the variable in one line when a value is invalid', () => {
    expect(() => parseConfig({ NODE_ENV: 'test', PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT must be a number/);
    expect(() => parseConfig({ NODE_ENV: 'test', DATABASE_URL: 'mysql://x' })).toThrow(/^Invalid configuration: DATABASE_URL must be a URL/);
    expect(() => parseConfig({ NODE_ENV: 'test', REDIS_URL: 'nope' })).toThrow(/REDIS_URL/);
  });

  it('accepts a random secret of 32 or more characters in production', () => {
    const secret = goodSecret();
    expect(parseConfig({ NODE_ENV: 'production', APP_SECRET: secret }).APP_SECRET).toBe(secret);
  });
});

describe('APP_SECRET', () => {
  const oneLineNamingAppSecret = (message: string, value?: string) => {
    expect(message).toMatch(/^Invalid configuration: APP_SECRET /);
    expect(message).not.toContain('\n');
    if (value) expect(message).not.toContain(value);
  };

  it('production without a secret refuses with one line naming APP_SECRET', () => {
    oneLineNamingAppSecret(configError({ NODE_ENV: 'production' }));
  });

  it('production with a short secret refuses without echoing it', () => {
    const short = 'short-secret-31-characters-long'.slice(0, 31);
    oneLineNamingAppSecret(configError({ NODE_ENV: 'production', APP_SECRET: short }), short);
  });

  it.each([
    ['the old development default', 'rally-development-secret-not-for-production-use'],
    ['the docker-compose placeholder', 'change-me-to-32-or-more-random-characters'],
    ['a change-me variant', 'CHANGEME-please-a-long-enough-secret-value'],
    ['a change_me variant', 'prod-secret-change_me-before-going-live-0001'],
    ['a not-for-production marker', 'x7Hq9-local-secret-not-for-production-2025'],
    ['a "placeholder"', 'placeholder-secret-value-with-enough-length'],
  ])('production with %s refuses without echoing it', (_label, secret) => {
    oneLineNamingAppSecret(configError({ NODE_ENV: 'production', APP_SECRET: secret }), secret);
  });

  it('development refuses a missing or placeholder secret without the opt-in', () => {
    oneLineNamingAppSecret(configError({}));
    oneLineNamingAppSecret(configError({ NODE_ENV: 'development' }));
    oneLineNamingAppSecret(configError({ NODE_ENV: 'development', APP_SECRET: 'change-me-to-32-or-more-random-characters' }));
  });

  it('tests run without a secret, on the public development one', () => {
    expect(parseConfig({ NODE_ENV: 'test' }).APP_SECRET).toHaveLength(47);
    expect(parseConfig({ NODE_ENV: 'test', APP_SECRET: 'short' }).APP_SECRET).toBe('short');
  });

  it('development runs without a secret only with RALLY_INSECURE_DEV_SECRET=true', () => {
    const cfg = parseConfig({ NODE_ENV: 'development', RALLY_INSECURE_DEV_SECRET: 'true' });
    expect(cfg.APP_SECRET).toBe(parseConfig({ NODE_ENV: 'test' }).APP_SECRET);
    expect(cfg.RALLY_INSECURE_DEV_SECRET).toBe(true);
    expect(parseConfig({ RALLY_INSECURE_DEV_SECRET: 'true', APP_SECRET: 'change-me-to-32-or-more-random-characters' }).APP_SECRET).toBe(
      'change-me-to-32-or-more-random-characters',
    );
  });

  it('the development opt-in is refused in production', () => {
    expect(configError({ NODE_ENV: 'production', RALLY_INSECURE_DEV_SECRET: 'true', APP_SECRET: goodSecret() })).toMatch(
      /^Invalid configuration: RALLY_INSECURE_DEV_SECRET is allowed only with NODE_ENV=development/,
    );
  });
});

describe('config errors never print the value', () => {
  it('a DATABASE_URL with a password is not echoed', () => {
    // Valid URL, but the start-up is refused for another reason: nothing of the URL is printed.
    expect(configError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:hunter2@h/db' })).not.toContain('hunter2');
    // Invalid URL: the message names DATABASE_URL and its rule only.
    const message = configError({ NODE_ENV: 'test', DATABASE_URL: 'mysql://u:hunter2@h/db' });
    expect(message).toMatch(/^Invalid configuration: DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\/$/);
    expect(message).not.toContain('hunter2');
  });

  it.each([
    ['PORT', 'hunter2'],
    ['REDIS_URL', 'http://:hunter2@h'],
    ['SMTP_URL', 'http://user:hunter2@mail.example.org'],
    ['LOG_LEVEL', 'hunter2'],
    ['RATE_LIMIT_IP', 'hunter2'],
    ['NODE_ENV', 'hunter2'],
  ])('%s: the message names the variable, not the value', (name, value) => {
    const message = configError({ NODE_ENV: 'test', [name]: value, ...(name === 'NODE_ENV' ? { NODE_ENV: value } : {}) });
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('hunter2');
  });
});
