import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/**
 * Structured JSON logs. Personal data (emails, names, addresses, message bodies, tokens) must
 * never be passed in; as a second line of defence the redaction paths below blank the usual
 * field names, and `scrub` masks anything that looks like an email address in free text.
 */
const REDACT = [
  'email', '*.email', 'givenName', '*.givenName', 'familyName', '*.familyName', 'address', '*.address',
  'letterText', '*.letterText', 'body', '*.body', 'password', '*.password', 'token', '*.token',
  'req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization',
];

const EMAIL_RE = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;

export function scrub(text: string): string {
  return text.replace(EMAIL_RE, '[email]');
}

let root: Logger | undefined;

export function rootLogger(level?: string): Logger {
  if (root && level) root.level = level;
  if (!root) {
    level ??= process.env.LOG_LEVEL ?? 'info';
    root = pino({
      level,
      base: { service: process.env.RALLY_SERVICE ?? 'rally', pid: process.pid },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: {
        // Error messages and stacks can quote input (a driver error naming a value): mask emails in them.
        err: (err: Error) => {
          const out = pino.stdSerializers.err(err);
          if (out.message) out.message = scrub(out.message);
          if (out.stack) out.stack = scrub(out.stack);
          return out;
        },
      },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrub(args[i] as string);
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    });
  }
  return root;
}

const NEST_STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Nest's LoggerService backed by pino, so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger = rootLogger()) {}
  log(message: unknown, context?: string) {
    // Nest's start-up chatter (a line per module and per route, 130 lines) is for debugging.
    if (context && NEST_STARTUP_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    const err = message instanceof Error ? message : undefined;
    this.logger.error({ context, err, trace }, err ? err.message : String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
