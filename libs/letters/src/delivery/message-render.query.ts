import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LetterTarget } from '../targets/letter-targets.service';
import type { MessageKind } from './rendered-message';

/**
 * Everything rendering reads, in one query for a batch of messages (the worker renders each message
 * just before sending; concurrent jobs share one query).
 */
const LOAD_SQL = `
SELECT m.id::text, m.kind, m.channel, m.target, m.submission_id::text, m.supporter_id::text,
       p.email, p.given_name, p.family_name, p.unsubscribed_at, p.erased_at, COALESCE(s.lang, p.lang) AS lang,
       s.link_nonce::text AS submission_nonce, p.link_nonce::text AS supporter_nonce,
       s.zip, s.district, s.address, s.letter_text,
       a.kind AS action_kind, a.title AS action_title, a.subject, a.body_template, a.editable, a.max_message_length,
       c.slug AS campaign_slug, c.title AS campaign_title,
       (SELECT count(*)::int FROM messages l WHERE l.submission_id = m.submission_id AND l.kind = 'letter') AS letters
  FROM messages m
  LEFT JOIN supporters p ON p.id = m.supporter_id
  LEFT JOIN submissions s ON s.id = m.submission_id
  LEFT JOIN actions a ON a.id = m.action_id
  LEFT JOIN campaigns c ON c.id = a.campaign_id
 WHERE m.id = ANY($1::bigint[])`;

export interface MessageRenderRow {
  id: string;
  kind: MessageKind;
  channel: 'email' | 'cwc';
  target: LetterTarget | null;
  submission_id: string | null;
  supporter_id: string | null;
  /** Per-row randomness of the link tokens (see libs/mail/src/tokens.ts). */
  submission_nonce: string | null;
  supporter_nonce: string | null;
  email: string | null;
  given_name: string | null;
  family_name: string | null;
  unsubscribed_at: Date | null;
  erased_at: Date | null;
  /** The submission's language, else the supporter's latest (a repeat's notice has no submission). */
  lang: string | null;
  zip: string | null;
  district: number | null;
  address: string | null;
  letter_text: string | null;
  action_kind: 'pledge' | 'petition' | 'letter' | null;
  action_title: string | null;
  subject: string | null;
  body_template: string | null;
  editable: boolean | null;
  max_message_length: number | null;
  campaign_slug: string | null;
  campaign_title: string | null;
  /** Letters this submission sends: the thank-you mentions them only when there are some. */
  letters: number;
}

/**
 * The letter render's read: one query joining the outbox row with its supporter, submission,
 * action and campaign (tables of four libs, read together for speed; it writes nothing).
 */
@Injectable()
export class MessageRenderQuery {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The rows for these message ids, in the order asked; undefined for an id with no row. */
  async load(ids: string[]): Promise<Array<MessageRenderRow | undefined>> {
    const rows: MessageRenderRow[] = await this.ds.query(LOAD_SQL, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }
}
