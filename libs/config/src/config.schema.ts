import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` },
  );

const int = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** `count/seconds`, e.g. `30/60` for 30 per minute. */
const rate = z
  .string()
  .regex(/^\d{1,9}\/\d{1,6}$/, 'must be count/seconds, e.g. 30/60')
  .transform((v) => {
    const [limit, seconds] = v.split('/').map(Number);
    return { limit, periodMs: seconds * 1000 };
  })
  .refine((r) => r.limit >= 1 && r.periodMs >= 1000, { message: 'must be count/seconds with both at least 1' });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting Rally reads from the environment. The public ones (PORT, DATABASE_URL, REDIS_URL,
 * SMTP_URL, PUBLIC_URL, MAIL_FROM) are part of the contract in API.md; the rest are operational knobs.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/rally'),
  DATABASE_POOL_SIZE: int(1, 200).default(20),
  /**
   * Client-side bound on every query (node-postgres `query_timeout`), a little above the server's
   * 15 s statement_timeout, which does nothing when the server never answers. A query past it fails
   * and its connection is discarded.
   */
  DATABASE_QUERY_TIMEOUT_MS: int(100, 600000).default(16000),
  /** Consecutive connection failures or timeouts that open the database circuit breaker (submissions 503 at once). */
  DATABASE_BREAKER_FAILURES: int(1, 1000).default(2),
  /** While open, how long the breaker refuses before letting one probe through (ms). */
  DATABASE_BREAKER_COOLDOWN_MS: int(100, 600000).default(1000),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** Prefix for every Redis key, queue and channel, so several Rally instances or test files can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9:_-]{1,64}$/, 'must be 1-64 letters, digits, : _ or -').default('rally'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  MAIL_FROM: z.string().min(3).default('Rally <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  /**
   * Keys every HMAC Rally makes: email links, IP and rate-limit hashes, form stamps, CSRF tokens,
   * idempotency keys, CWC delivery ids. 32+ random characters, required everywhere but tests (see
   * checkAppSecret and "Rotating APP_SECRET" in docs/security.md).
   */
  APP_SECRET: z.string().optional(),
  /**
   * Development only: run without APP_SECRET (or with a short or placeholder one) on Rally's
   * public development secret, so anyone can forge this instance's links. Refused in production.
   */
  RALLY_INSECURE_DEV_SECRET: bool.default(false),
  /** Number of counter shards per action: more shards, less row-lock contention on a hot action. */
  COUNTER_SHARDS: int(1, 256).default(32),
  /** How often each API process checks for counter changes to push to SSE clients (ms). */
  STATS_TICK_MS: int(20, 5000).default(100),
  /** Each API process re-sums the counters at least this often (ms), so a lost pub/sub message delays an update by at most this. */
  STATS_REFRESH_MS: int(100, 3600000).default(2000),
  /** Run migrations at start-up (under an advisory lock, so several processes may start at once). */
  MIGRATIONS_RUN: bool.default(true),
  SEED: bool.default(true),
  WORKER_CONCURRENCY: int(1, 1000).default(50),
  /** Domain for placeholder addresses of Congress offices with no configured delivery address. */
  CONGRESS_PLACEHOLDER_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain name').default('congress.rally.test'),
  /** Where CWC 2.0 XML is posted; unset means the cwc channel is not available. */
  CWC_URL: url(['http:', 'https:']).optional(),
  /**
   * How letters reach members of Congress who have no configured delivery email: `placeholder`
   * mails <bioguideId>@CONGRESS_PLACEHOLDER_DOMAIN (development: the whole flow runs into the SMTP
   * sink), `cwc` needs CWC_URL, `none` marks them undeliverable. Unset: none in production, else placeholder.
   * A set CWC_URL always wins over placeholder.
   */
  CONGRESS_DELIVERY: z.enum(['placeholder', 'cwc', 'none'], { error: 'must be placeholder, cwc or none' }).optional(),
  /** CWC 2.0 delivery agent details (the organisation that runs this Rally). */
  CWC_API_KEY: z.string().min(1).optional(),
  CWC_DELIVERY_AGENT: z.string().min(1).max(200).default('Rally'),
  CWC_ACK_EMAIL: z.string().email('must be an email address').optional(),
  CWC_CONTACT_NAME: z.string().min(1).max(200).default('Rally operator'),
  CWC_CONTACT_EMAIL: z.string().email('must be an email address').optional(),
  CWC_CONTACT_PHONE: z.string().min(1).max(40).default('000-000-0000'),
  /** Library of Congress policy area sent with every CWC message (see data/cwc/README.md). */
  CWC_TOPIC: z.string().min(1).max(200).default('Crime and Law Enforcement'),
  CWC_TIMEOUT_MS: int(100, 120000).default(10000),
  /** Days to keep supporters' addresses and letter bodies after delivery. */
  RETENTION_DAYS: int(1, 3650).default(90),
  /** Where the web pages' Quick Exit button and Escape key send a visitor: a neutral public site. */
  QUICK_EXIT_URL: url(['http:', 'https:']).default('https://www.weather.gov/'),
  /** Staff sessions end after this many idle minutes, and in any case this many hours after login. */
  STAFF_SESSION_IDLE_MINUTES: int(1, 24 * 60).default(120),
  STAFF_SESSION_MAX_HOURS: int(1, 24 * 30).default(12),
  /** Failed staff logins allowed per account, and login attempts per client IP, per window. */
  STAFF_LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  STAFF_LOGIN_MAX_PER_IP: int(1, 10000).default(30),
  STAFF_LOGIN_WINDOW_SECONDS: int(1, 86400).default(900),
  /** How often the worker closes actions and campaigns whose closing date has passed, and purges expired staff sessions (ms; 0 = never). */
  CLOSE_DUE_INTERVAL_MS: int(0, 3600000).default(30000),
  /** Submission rate limits in Redis (libs/abuse). Default: on, except NODE_ENV=test where tests opt in. */
  RATE_LIMITS: bool.optional(),
  /** Limits as `count/seconds`: per client IP, per /24 (IPv4) or /64 (IPv6) network, per email domain, per action. */
  RATE_LIMIT_IP: rate.prefault('30/60'),
  RATE_LIMIT_NETWORK: rate.prefault('120/60'),
  RATE_LIMIT_EMAIL_DOMAIN: rate.prefault('60/60'),
  RATE_LIMIT_ACTION: rate.prefault('180000/60'),
  /** Percent of the domain or network budget used above which a submission is held as suspicious. */
  SUSPICIOUS_FILL_PERCENT: int(1, 100).default(50),
  /** A web form sent back sooner than this after it was rendered is held as "too fast" (default 2; 0 in tests). */
  FORM_MIN_SECONDS: int(0, 600).optional(),
  /** Fastify trustProxy: unset/false (default), true, a hop count, or a comma list of proxy addresses/CIDRs. */
  TRUST_PROXY: z.string().regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, 'must be true, false, a hop count or a list of proxy addresses').optional(),
  /** Delivery: SMTP connections the worker keeps open (nodemailer pool maxConnections). */
  SMTP_POOL_SIZE: int(1, 100).default(5),
  /** Messages sent over one pooled SMTP connection before it is recycled. */
  SMTP_MAX_MESSAGES: int(1, 1000000).default(1000),
  /** A mail server that does not answer within this many ms counts as a transient failure (retried). */
  SMTP_TIMEOUT_MS: int(500, 600000).default(30000),
  /** How long a delivery job may run before another worker may take it over (BullMQ lockDuration). */
  WORKER_LOCK_MS: int(5000, 600000).default(60000),
  /** Base of the exponential retry delay of a failed delivery (doubles per attempt, with jitter). */
  DELIVERY_BACKOFF_MS: int(10, 3600000).default(5000),
  /** Messages per second to any one recipient domain (token bucket in Redis); 0 means no limit. */
  DELIVERY_DOMAIN_RATE: int(0, 1000000).default(50),
  /** Per-domain exceptions, e.g. `senate.gov=5,house.gov=5`. */
  DELIVERY_DOMAIN_RATES: z
    .string()
    .regex(/^([a-z0-9.-]+=\d+)(,[a-z0-9.-]+=\d+)*$/i, 'must look like domain=rate,domain=rate')
    .optional(),
  /** How often the worker's outbox sweep job re-enqueues outbox rows that have no job (ms); 0 turns it off. */
  OUTBOX_SWEEP_MS: int(0, 3600000).default(15000),
  /** A queued outbox row is swept once it is this old (ms), so fresh rows are left to the API's own enqueue. */
  OUTBOX_SWEEP_AFTER_MS: int(0, 3600000).default(10000),
});

export type RallyConfig = z.infer<typeof configSchema> & {
  PUBLIC_URL: string;
  APP_SECRET: string;
  RATE_LIMITS: boolean;
  FORM_MIN_SECONDS: number;
};

export class ConfigError extends Error {}

/**
 * Used only by NODE_ENV=test and by development with RALLY_INSECURE_DEV_SECRET=true. It is in the
 * source, so anything keyed with it can be forged: it is also on the refused list below.
 */
const PUBLIC_DEV_SECRET = 'rally-development-secret-not-for-production-use';

/** Secrets that have been published (in this repository or its docs) or plainly were never filled in. */
const KNOWN_SECRETS = [PUBLIC_DEV_SECRET, 'change-me-to-32-or-more-random-characters'];
const PLACEHOLDER = /change[-_ ]?me|not[-_ ]?for[-_ ]?production|placeholder|replace[-_ ]?me|your[-_ ]?secret/i;

const SECRET_RULE = 'must be set to 32 or more random characters (e.g. `openssl rand -base64 48`)';

/**
 * The APP_SECRET rule: set, 32+ characters and not a known or placeholder value, except in tests
 * and in development with RALLY_INSECURE_DEV_SECRET=true, which fall back to the public
 * development secret. Messages name the variable and the rule, never the value.
 */
function checkAppSecret(cfg: z.infer<typeof configSchema>): string {
  if (cfg.RALLY_INSECURE_DEV_SECRET && cfg.NODE_ENV !== 'development') {
    throw new ConfigError(`Invalid configuration: RALLY_INSECURE_DEV_SECRET is allowed only with NODE_ENV=development (NODE_ENV is ${cfg.NODE_ENV})`);
  }
  const secret = cfg.APP_SECRET;
  if (cfg.NODE_ENV === 'test' || cfg.RALLY_INSECURE_DEV_SECRET) return secret ?? PUBLIC_DEV_SECRET;
  const hint = cfg.NODE_ENV === 'development' ? '; `npm start` keeps a generated one in .rally/app-secret' : '';
  if (!secret) throw new ConfigError(`Invalid configuration: APP_SECRET ${SECRET_RULE}${hint}`);
  if (secret.length < 32) throw new ConfigError(`Invalid configuration: APP_SECRET must be at least 32 characters (it is shorter)`);
  if (KNOWN_SECRETS.includes(secret) || PLACEHOLDER.test(secret)) {
    throw new ConfigError(`Invalid configuration: APP_SECRET is a published or placeholder value; ${SECRET_RULE}`);
  }
  return secret;
}

/**
 * Parses an environment into typed config; throws ConfigError with one line naming the variable
 * and the rule it breaks. The rejected value is never in the message: it may be a secret or a
 * URL with a password, and the message goes to logs.
 */
export function parseConfig(env: Record<string, string | undefined>): RallyConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  const cfg = result.data;
  return {
    ...cfg,
    PUBLIC_URL: (cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/$/, ''),
    APP_SECRET: checkAppSecret(cfg),
    // Tests send many submissions from 127.0.0.1; the abuse tests turn limits on explicitly.
    RATE_LIMITS: cfg.RATE_LIMITS ?? cfg.NODE_ENV !== 'test',
    // Tests post a form right after fetching it; they would all be held as too fast.
    FORM_MIN_SECONDS: cfg.FORM_MIN_SECONDS ?? (cfg.NODE_ENV === 'test' ? 0 : 2),
  };
}
