import { createHash } from 'node:crypto';

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

/** XML 1.0 text: escaped, and characters XML cannot carry at all (most control characters) removed. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
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

/** Builds the CWC 2.0 document. Every value is escaped; optional empty elements are left out. */
export function buildCwcXml(m: CwcMessage): string {
  const el = (name: string, value: string, indent: string) => (value ? `${indent}<${name}>${xmlText(value)}</${name}>\n` : '');
  const i2 = '    ';
  const i3 = '      ';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<CWC>\n  <CWCVersion>2.0</CWCVersion>\n' +
    '  <Delivery>\n' +
    el('DeliveryId', m.deliveryId, i2) +
    el('DeliveryDate', yyyymmdd(m.deliveryDate), i2) +
    el('DeliveryAgent', m.agent.name, i2) +
    el('DeliveryAgentAckEmailAddress', m.agent.ackEmail, i2) +
    `${i2}<DeliveryAgentContact>\n` +
    el('DeliveryAgentContactName', m.agent.contactName, i3) +
    el('DeliveryAgentContactEmail', m.agent.contactEmail, i3) +
    el('DeliveryAgentContactPhone', m.agent.contactPhone, i3) +
    `${i2}</DeliveryAgentContact>\n` +
    el('CampaignId', m.campaignId, i2) +
    '  </Delivery>\n' +
    '  <Recipient>\n' +
    el('MemberOffice', m.office, i2) +
    el('IsResponseRequested', 'N', i2) +
    el('NewsletterOptIn', 'N', i2) +
    '  </Recipient>\n' +
    '  <Constituent>\n' +
    el('FirstName', m.constituent.firstName, i2) +
    el('LastName', m.constituent.lastName, i2) +
    el('Address1', m.constituent.address1, i2) +
    el('City', m.constituent.city, i2) +
    el('StateAbbreviation', m.constituent.state, i2) +
    el('Zip', m.constituent.zip.slice(0, 5), i2) +
    el('Email', m.constituent.email, i2) +
    '  </Constituent>\n' +
    '  <Message>\n' +
    el('Subject', m.subject, i2) +
    `${i2}<LibraryOfCongressTopics>\n` +
    el('LibraryOfCongressTopic', m.topic, i3) +
    `${i2}</LibraryOfCongressTopics>\n` +
    el('ConstituentMessage', m.body, i2) +
    '  </Message>\n' +
    '</CWC>\n'
  );
}
