/**
 * The seam between rendering (letters lib) and delivery (worker): the worker asks a
 * MessageRenderer for a fully rendered message and hands it to the channel named on it.
 * Everything a channel needs is on this object, so channels never read the database.
 */
export type MessageKind = 'letter' | 'confirmation' | 'thank_you' | 'already_signed';
export type ChannelName = 'email' | 'cwc';

export interface RenderedMessage {
  messageId: string;
  kind: MessageKind;
  channel: ChannelName;
  /** email channel */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, incl. List-Unsubscribe / List-Unsubscribe-Post for supporter emails. */
  headers: Record<string, string>;
  /** Deterministic, so a retried send carries the same Message-ID: `<rally.${messageId}@${host of PUBLIC_URL}>`. */
  messageIdHeader: string;
  /** cwc channel: the CWC 2.0 XML document to POST. */
  cwcXml?: string;
  /** Recipient domain (lower case), for per-domain rate limits. */
  domain: string;
}

export interface MessageRenderer {
  /** null: nothing to send (message not found, supporter erased, unsubscribed for non-transactional mail). */
  render(messageId: string): Promise<RenderedMessage | null>;
}

export interface DeliveryChannel {
  readonly name: ChannelName;
  send(m: RenderedMessage): Promise<{ response: string }>;
}

/** DI token for the renderer, so the worker depends on the interface, not the class. */
export const MESSAGE_RENDERER = Symbol('MESSAGE_RENDERER');
