import { Inject, Injectable } from '@nestjs/common';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { Coalescer, hashToken, isRowId } from '@app/common';
import { SubmissionsRepository } from '@app/submissions';
import {
  alreadySignedEmail,
  catalogue,
  confirmationEmail,
  confirmToken,
  emailDomain,
  formatMailbox,
  htmlDocument,
  nameForMail,
  parseMailbox,
  SupporterEmailContext,
  thankYouEmail,
  unsubscribeToken,
} from '@app/mail';
import { cityFromAddress, renderLetter, streetFromAddress, supporterName } from '../content/letter-template';
import { buildCwcXml, cwcDeliveryId } from './cwc-xml';
import { MessageRenderer, RenderedMessage } from './rendered-message';
import { MessageRenderQuery, MessageRenderRow as Row } from './message-render.query';

/**
 * Renders an outbox row into what a channel sends. Rendering is deterministic (same row, same
 * message: subject, body, Message-ID, links), so a retry after a crash sends the same thing.
 *
 * Transactional mail (confirmation, letters) ignores unsubscribing; thank-you and "already
 * signed" notices are not sent to an unsubscribed supporter. Nothing is sent for an erased one.
 */
@Injectable()
export class MessageRenderService implements MessageRenderer {
  private readonly mailFrom: { name: string; address: string };
  private readonly host: string;

  constructor(
    private readonly query: MessageRenderQuery,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
    private readonly submissions: SubmissionsRepository,
  ) {
    this.mailFrom = parseMailbox(cfg.MAIL_FROM);
    this.host = new URL(cfg.PUBLIC_URL).hostname;
  }

  /** Loads for jobs running at the same time go to Postgres as one query. */
  private readonly loads = new Coalescer<string, Row | undefined>((ids) => this.query.load(ids));

  async render(messageId: string): Promise<RenderedMessage | null> {
    if (!isRowId(String(messageId))) return null;
    const row = await this.loads.push(BigInt(messageId).toString()); // as Postgres prints it: no leading zeros
    if (!row || !row.supporter_id || row.erased_at || !row.email) return null;
    switch (row.kind) {
      case 'letter':
        return this.renderLetter(row);
      case 'confirmation':
        return this.renderConfirmation(row);
      case 'thank_you':
      case 'already_signed':
        return row.unsubscribed_at ? null : this.renderNotice(row);
      default:
        return null;
    }
  }

  private base(row: Row): Pick<RenderedMessage, 'messageId' | 'kind' | 'messageIdHeader'> {
    return { messageId: row.id, kind: row.kind, messageIdHeader: `<rally.${row.id}@${this.host}>` };
  }

  private renderLetter(row: Row): RenderedMessage | null {
    const target = row.target;
    if (!target || !row.body_template) return null;
    const content = renderLetter({
      subjectTemplate: row.subject ?? '',
      bodyTemplate: row.body_template,
      target: { title: target.title, name: target.name },
      supporter: { givenName: row.given_name, familyName: row.family_name, city: cityFromAddress(row.address) },
      message: row.letter_text,
      editable: !!row.editable,
      maxMessageLength: row.max_message_length ?? 5000,
    });
    const fromName = supporterName({ givenName: row.given_name, familyName: row.family_name });
    const common = {
      ...this.base(row),
      subject: content.subject,
      text: content.text,
      html: htmlDocument('en', content.subject, content.html),
      headers: {} as Record<string, string>,
    };
    if (row.channel === 'cwc') {
      const cwcHost = this.cfg.CWC_URL ? new URL(this.cfg.CWC_URL).hostname.toLowerCase() : '';
      const cwcXml = buildCwcXml({
        deliveryId: cwcDeliveryId(this.cfg.APP_SECRET, row.id),
        deliveryDate: new Date(),
        agent: {
          name: this.cfg.CWC_DELIVERY_AGENT,
          ackEmail: this.cfg.CWC_ACK_EMAIL ?? this.mailFrom.address,
          contactName: this.cfg.CWC_CONTACT_NAME,
          contactEmail: this.cfg.CWC_CONTACT_EMAIL ?? this.mailFrom.address,
          contactPhone: this.cfg.CWC_CONTACT_PHONE,
        },
        campaignId: row.campaign_slug ?? '',
        office: target.office ?? '',
        // The constituent's email and address go to the member's office: that is the letter's
        // purpose, and House offices only accept mail from people in their district.
        constituent: {
          firstName: nameForMail(row.given_name),
          lastName: nameForMail(row.family_name),
          address1: streetFromAddress(row.address),
          city: cityFromAddress(row.address),
          state: target.state ?? '',
          zip: row.zip ?? '',
          email: row.email ?? '',
        },
        subject: content.subject,
        topic: this.cfg.CWC_TOPIC,
        body: content.text,
      });
      return { ...common, channel: 'cwc', from: '', to: target.office ?? '', cwcXml, domain: cwcHost };
    }
    if (!target.email) return null;
    // The letter comes "from" the supporter by name, but Rally's address: the supporter's email is
    // not handed to third parties (no Reply-To).
    const name = fromName ? `${fromName} via ${this.mailFrom.name || 'Rally'}` : this.mailFrom.name;
    return { ...common, channel: 'email', from: formatMailbox(name, this.mailFrom.address), to: target.email, domain: emailDomain(target.email) };
  }

  private context(row: Row, unsubscribeUrl?: string): SupporterEmailContext {
    return {
      // The address typed may not be the typer's own: their name is no place for a link either.
      givenName: nameForMail(row.given_name),
      actionTitle: row.action_title ?? '',
      actionKind: row.action_kind ?? 'pledge',
      lettersSent: row.letters > 0,
      campaignTitle: row.campaign_title ?? '',
      campaignUrl: `${this.cfg.PUBLIC_URL}/campaigns/${row.campaign_slug ?? ''}`,
      unsubscribeUrl,
    };
  }

  private supporterMail(row: Row, content: { subject: string; text: string; html: string }, headers: Record<string, string>): RenderedMessage {
    return {
      ...this.base(row),
      channel: 'email',
      from: formatMailbox(this.mailFrom.name, this.mailFrom.address),
      to: row.email!,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers,
      domain: emailDomain(row.email!),
    };
  }

  private async renderConfirmation(row: Row): Promise<RenderedMessage | null> {
    if (!row.submission_id || !row.submission_nonce) return null;
    const token = confirmToken(this.cfg.APP_SECRET, row.submission_id, row.submission_nonce);
    // Stored on every render: the same token each time, so a re-render gives a working link.
    await this.submissions.storeConfirmTokenHash(row.submission_id, hashToken(token));
    const content = confirmationEmail(catalogue(row.lang), this.context(row), `${this.cfg.PUBLIC_URL}/confirm/${token}`);
    return this.supporterMail(row, content, {});
  }

  private async renderNotice(row: Row): Promise<RenderedMessage> {
    const token = unsubscribeToken(this.cfg.APP_SECRET, row.supporter_id!, row.supporter_nonce!);
    await this.submissions.storeUnsubscribeTokenHash(row.supporter_id!, hashToken(token));
    const url = `${this.cfg.PUBLIC_URL}/unsubscribe/${token}`;
    const ctx = this.context(row, url);
    const content = row.kind === 'thank_you' ? thankYouEmail(catalogue(row.lang), ctx) : alreadySignedEmail(catalogue(row.lang), ctx);
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the https URL.
    const headers = {
      'List-Unsubscribe': `<mailto:${this.mailFrom.address}?subject=unsubscribe>, <${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
    return this.supporterMail(row, content, headers);
  }
}
