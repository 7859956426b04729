import { createHash } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

/** Everything a CWC 2.0 message carries (see data/cwc/README.md; no official schema was available). */
export interface CwcMessage {
  deliveryId: string;
  deliveryDate: Date;
  agent: { name: string; ackEmail: string; contactName: string; contactEmail: string; contactPhone: string };
  campaignId: string;
  office: string;
  constituent: {
    firstName: string;
    lastName: string;
    address1: string;
    city: string;
    state: string;
    zip: string;
    email: string;
  };
  subject: string;
  topic: string;
  body: string;
}

/**
 * DeliveryId: 32 hex characters derived from the message id, so a retried POST of the same letter
 * carries the same id and the receiving side can recognise the duplicate.
 */
export function cwcDeliveryId(secret: string, messageId: string): string {
  return createHash('sha256').update(`${secret}:cwc:${messageId}`).digest('hex').slice(0, 32);
}

function yyyymmdd(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * Builds the CWC 2.0 document with xmlbuilder2: every value is escaped by the library, and
 * characters XML 1.0 cannot carry at all (most control characters) are removed
 * (`invalidCharReplacement`). Elements are written in the order of data/cwc/README.md; optional
 * empty elements are left out.
 */
export function buildCwcXml(m: CwcMessage): string {
  const doc = create({ invalidCharReplacement: '' }).dec({ version: '1.0', encoding: 'UTF-8' });
  const cwc = doc.ele('CWC');
  const el = (parent: XMLBuilder, name: string, value: string) => {
    if (value) parent.ele(name).txt(value);
  };
  cwc.ele('CWCVersion').txt('2.0');

  const delivery = cwc.ele('Delivery');
  el(delivery, 'DeliveryId', m.deliveryId);
  el(delivery, 'DeliveryDate', yyyymmdd(m.deliveryDate));
  el(delivery, 'DeliveryAgent', m.agent.name);
  el(delivery, 'DeliveryAgentAckEmailAddress', m.agent.ackEmail);
  const contact = delivery.ele('DeliveryAgentContact');
  el(contact, 'DeliveryAgentContactName', m.agent.contactName);
  el(contact, 'DeliveryAgentContactEmail', m.agent.contactEmail);
  el(contact, 'DeliveryAgentContactPhone', m.agent.contactPhone);
  el(delivery, 'CampaignId', m.campaignId);

  const recipient = cwc.ele('Recipient');
  el(recipient, 'MemberOffice', m.office);
  el(recipient, 'IsResponseRequested', 'N');
  el(recipient, 'NewsletterOptIn', 'N');

  const constituent = cwc.ele('Constituent');
  el(constituent, 'FirstName', m.constituent.firstName);
  el(constituent, 'LastName', m.constituent.lastName);
  el(constituent, 'Address1', m.constituent.address1);
  el(constituent, 'City', m.constituent.city);
  el(constituent, 'StateAbbreviation', m.constituent.state);
  el(constituent, 'Zip', m.constituent.zip.slice(0, 5));
  el(constituent, 'Email', m.constituent.email);

  const message = cwc.ele('Message');
  el(message, 'Subject', m.subject);
  el(message.ele('LibraryOfCongressTopics'), 'LibraryOfCongressTopic', m.topic);
  el(message, 'ConstituentMessage', m.body);

  return doc.end({ prettyPrint: true, indent: '  ', newline: '\n' }) + '\n';
}
