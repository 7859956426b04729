import { Injectable } from '@nestjs/common';
import { SmtpTransport } from '@app/mail';
import { DeliveryChannel, RenderedMessage } from './rendered-message';
import { PermanentDeliveryError, TransientDeliveryError } from './errors';

/** nodemailer error codes that mean "the server or the network misbehaved", worth another try. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED']);
/** Our own misconfiguration (credentials, TLS policy): retry so mail flows once an operator fixes it. */
const CONFIG_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EREQUIRETLS']);

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
 * Email delivery through the process's pooled SMTP transport (libs/mail). Each message carries its
 * deterministic Message-ID, so a resend after a crash is recognisable by the receiving side.
 */
@Injectable()
export class EmailChannel implements DeliveryChannel {
  readonly name = 'email' as const;

  constructor(private readonly smtp: SmtpTransport) {}

  async send(m: RenderedMessage): Promise<{ response: string }> {
    try {
      const info = await this.smtp.transport.sendMail({
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
}
