import { createHash } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream } from 'smtp-server';

/**
 * The chaos suite's SMTP sink: a real smtp-server that can refuse chosen attempts with a 4xx and
 * hold each answer for a per-message delay (test/support/smtp.ts has one fixed delay only). It
 * keeps nothing but counts per Message-ID, which is all the guarantees need.
 */
export interface FaultySmtpOptions {
  /** Refuse this attempt (1-based per Message-ID) with `451`. */
  refuse?: (messageId: string, attempt: number) => boolean;
  /** Milliseconds to wait before answering this attempt. */
  delayMs?: (messageId: string, attempt: number) => number;
}

export interface FaultySmtp {
  url: string;
  /** Delivery attempts per Message-ID, accepted or refused. */
  attempts: Map<string, number>;
  /** Acceptances per Message-ID (more than 1 is a duplicate delivery). */
  accepted: Map<string, number>;
  refused(): number;
  acceptedTotal(): number;
  /**
   * Runs `hook` before each acceptance is answered, with the number accepted before it; the answer
   * waits for it. Lets a fault land while a message is in the server's hands.
   */
  beforeAccept(hook: (acceptedBefore: number) => Promise<void> | void): void;
  close(): Promise<void>;
}

/** A stable number in [0, 1) for a string: the same message is always in or out of the faulty share. */
export function unitHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

export async function startFaultySmtp(opts: FaultySmtpOptions = {}): Promise<FaultySmtp> {
  const attempts = new Map<string, number>();
  const accepted = new Map<string, number>();
  let refused = 0;
  let acceptedTotal = 0;
  let beforeAccept: ((acceptedBefore: number) => Promise<void> | void) | undefined;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    onData(stream: SMTPServerDataStream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8192) head += c.toString('latin1');
      });
      stream.on('end', async () => {
        const messageId = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
        const attempt = (attempts.get(messageId) ?? 0) + 1;
        attempts.set(messageId, attempt);
        const delay = opts.delayMs?.(messageId, attempt) ?? 0;
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        if (opts.refuse?.(messageId, attempt)) {
          refused++;
          return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
        }
        const before = acceptedTotal++;
        accepted.set(messageId, (accepted.get(messageId) ?? 0) + 1);
        await beforeAccept?.(before);
        callback(null, `OK ${attempt}`);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    attempts,
    accepted,
    refused: () => refused,
    acceptedTotal: () => acceptedTotal,
    beforeAccept: (hook) => (beforeAccept = hook),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
