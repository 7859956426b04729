import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { simpleParser } from 'mailparser';

/** One message as the test SMTP server received it. */
export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: number;
}

/** What to answer to one delivery attempt; `attempt` counts attempts per Message-ID, from 1. */
export type SmtpAnswer = { code: number; message: string } | undefined;
export interface SmtpAttempt {
  messageId: string;
  attempt: number;
  to: string[];
}

export interface TestSmtpOptions {
  /** Refuse chosen attempts, e.g. `({attempt}) => attempt <= 2 ? {code: 451, message: 'try later'} : undefined`. */
  answer?: (a: SmtpAttempt) => SmtpAnswer;
  /** Wait this long before answering each message (a slow server). */
  delayMs?: number;
  /** Count only (no parsing, no storage): for benchmarks. */
  discard?: boolean;
}

export interface TestSmtp {
  port: number;
  url: string;
  /** Accepted messages, in order of acceptance. */
  messages: ReceivedMail[];
  /** Delivery attempts per Message-ID, accepted or refused. */
  attempts: Map<string, number>;
  /** Accepted count per Message-ID (>1 means a duplicate delivery). */
  accepted: Map<string, number>;
  acceptedCount(): number;
  setOptions(opts: TestSmtpOptions): void;
  /** Resolves once `n` messages have been accepted in total (or rejects after `timeoutMs`). */
  waitForCount(n: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a free port: accepts everything unless told otherwise,
 * and records what it received so tests can assert on inboxes, attempts and duplicates.
 */
export async function startTestSmtp(initial: TestSmtpOptions = {}): Promise<TestSmtp> {
  let opts = initial;
  const messages: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const accepted = new Map<string, number>();
  let acceptedTotal = 0;
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 1000,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
        const messageId = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
        const attempt = (attempts.get(messageId) ?? 0) + 1;
        attempts.set(messageId, attempt);
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        const answer = opts.answer?.({ messageId, attempt, to });
        if (answer) {
          return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        }
        accepted.set(messageId, (accepted.get(messageId) ?? 0) + 1);
        acceptedTotal++;
        if (!opts.discard) {
          const mail = await simpleParser(raw);
          messages.push({
            messageId,
            from: mail.from?.text ?? '',
            to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            receivedAt: Date.now(),
          });
        }
        callback(null, `OK queued as ${attempt}`);
        for (const w of waiters) w();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    attempts,
    accepted,
    acceptedCount: () => acceptedTotal,
    setOptions: (o) => (opts = o),
    waitForCount: (n, timeoutMs = 30000) =>
      new Promise<void>((resolve, reject) => {
        if (acceptedTotal >= n) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP server received ${acceptedTotal} of ${n} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (acceptedTotal < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    reset: () => {
      messages.length = 0;
      attempts.clear();
      accepted.clear();
      acceptedTotal = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
