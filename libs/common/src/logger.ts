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

/** The fields an error is logged with. Nothing else: see serializeError. */
export interface LoggedError {
  type: string;
  code?: string;
  message: string;
  stack?: string;
}

/**
 * An error as the log writes it: its class, its code and its message with email addresses masked,
 * plus the stack's `at ...` frames (code locations, never data). Never the other fields a driver
 * or library attaches (`where`, `detail`, `query`, `parameters`, `cause`, a request's body): they
 * quote the values that failed, which are supporters' emails and names. A string (`{ err: e.message }`)
 * is masked the same way.
 */
export function serializeError(err: unknown): LoggedError | string {
  if (typeof err === 'string') return scrub(err);
  if (!(err instanceof Error)) return { type: typeof err === 'object' && err !== null ? 'Object' : typeof err, message: '[not an error]' };
  const code = (err as { code?: unknown }).code;
  const out: LoggedError = { type: err.constructor?.name || err.name || 'Error', message: scrub(String(err.message ?? '')) };
  if (typeof code === 'string' || typeof code === 'number') out.code = scrub(String(code));
  const frames = stackFrames(err.stack);
  if (frames) out.stack = frames;
  return out;
}

/** The `at ...` lines of a stack (the first lines repeat the message, which may quote input). */
export function stackFrames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  return frames.length ? frames.join('\n') : undefined;
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
      serializers: { err: serializeError },
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
    this.logger.error({ context, err, trace: stackFrames(trace) }, err ? err.message : String(message));
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
