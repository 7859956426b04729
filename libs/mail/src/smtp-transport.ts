import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { RALLY_CONFIG, RallyConfig } from '@app/config';

/** Where mail goes when SMTP_URL is unset: the development sink that `npm start` runs. */
export const DEV_SMTP_URL = 'smtp://127.0.0.1:1025';

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
 * The one pooled SMTP transport of a process. Closed at application shutdown, which Nest runs
 * after every onModuleDestroy: the delivery worker has drained its in-flight jobs by then.
 */
@Injectable()
export class SmtpTransport implements OnApplicationShutdown {
  readonly transport: Transporter;

  constructor(@Inject(RALLY_CONFIG) cfg: RallyConfig) {
    this.transport = nodemailer.createTransport(smtpPoolOptions(cfg));
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
