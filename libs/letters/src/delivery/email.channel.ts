import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { DeliveryChannel, RenderedMessage } from './rendered-message';
import { PermanentDeliveryError, TransientDeliveryError } from './errors';

/** Where mail goes when SMTP_URL is unset: the development sink that `npm start` runs. */
export const DEV_SMTP_URL = 'smtp://127.0.0.1:1025';

/** nodemailer error codes that mean "the server or the network misbehaved", worth another try. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED']);
/** Our own misconfiguration (credentials, TLS policy): retry so mail flows once an operator fixes it. */
const CONFIG_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EREQUIRETLS']);

/** SMTP_URL → pooled transport options. `smtps:` means implicit TLS; user:password@ becomes auth. */
export function smtpPoolOptions(cfg: RallyConfig): SMTPPool.Options {
  const url = new URL(cfg.SMTP_URL ?? DEV_SMTP_URL);
  const secure = url.protocol === 'smtps:';
  const q = url.searchParams;
  return {
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 25,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // `?ignoreTLS=true` for a local relay without STARTTLS; `?rejectUnauthorized=false` for a self-signed one.
    ignoreTLS: q.get('ignoreTLS') === 'true',
    tls: q.get('rejectUnauthorized') === 'false' ? { rejectUnauthorized: false } : undefined,
    maxConnections: cfg.SMTP_POOL_SIZE,
    maxMessages: cfg.SMTP_MAX_MESSAGES,
    // A server that hangs must not stall a worker slot (and its job lock) indefinitely.
    connectionTimeout: Math.min(cfg.SMTP_TIMEOUT_MS, 10000),
    greetingTimeout: Math.min(cfg.SMTP_TIMEOUT_MS, 10000),
    socketTimeout: cfg.SMTP_TIMEOUT_MS,
  };
}

/**
 * Maps a nodemailer failure to retry or give up: 4xx answers and connection trouble are
 * transient; a 5xx answer is the server's final word about this message.
 */
export function classifySmtpError(err: unknown): TransientDeliveryError | PermanentDeliveryError {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const reason = (e.response ?? e.message ?? String(err)).slice(0, 500);
  if (typeof e.responseCode === 'number' && !CONFIG_CODES.has(e.code ?? '')) {
    if (e.responseCode >= 500) return new PermanentDeliveryError(`SMTP ${e.responseCode}: ${reason}`, reason);
    if (e.responseCode >= 400) return new TransientDeliveryError(`SMTP ${e.responseCode}: ${reason}`, reason);
  }
  if (e.code && (TRANSIENT_CODES.has(e.code) || CONFIG_CODES.has(e.code))) return new TransientDeliveryError(`${e.code}: ${reason}`, reason);
  // A malformed message or envelope will fail the same way next time.
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return new PermanentDeliveryError(`${e.code}: ${reason}`, reason);
  // Unknown: retry; the attempt limit still ends it.
  return new TransientDeliveryError(reason, reason);
}

/**
 * Email delivery through one pooled SMTP transport per worker process. Each message carries its
 * deterministic Message-ID, so a resend after a crash is recognisable by the receiving side.
 */
@Injectable()
export class EmailChannel implements DeliveryChannel, OnApplicationShutdown {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(@Inject(RALLY_CONFIG) cfg: RallyConfig) {
    this.transport = nodemailer.createTransport(smtpPoolOptions(cfg));
  }

  async send(m: RenderedMessage): Promise<{ response: string }> {
    try {
      const info = await this.transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html || undefined,
        headers: m.headers,
        messageId: m.messageIdHeader,
      });
      if (info.rejected?.length) throw Object.assign(new Error('recipient rejected'), { code: 'EENVELOPE', response: String(info.response ?? '') });
      return { response: String(info.response ?? '').slice(0, 500) };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  /** Closed after the worker has drained its in-flight jobs (onModuleDestroy runs first). */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
