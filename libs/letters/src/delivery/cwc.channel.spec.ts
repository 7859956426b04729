import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { parseConfig } from '@app/config';
import { create } from 'xmlbuilder2';
import { buildCwcXml, cwcDeliveryId } from './cwc-xml';
import { CwcChannel } from './cwc.channel';
import { PermanentDeliveryError, TransientDeliveryError } from './errors';
import type { RenderedMessage } from './rendered-message';

/** The field at an element path of a CWC document (the documents are small and regular). */
function field(xml: string, path: string): string | undefined {
  let scope = xml;
  for (const name of path.split('/')) {
    const m = scope.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`));
    if (!m) return undefined;
    scope = m[1];
  }
  return scope.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Well-formedness of a document like CWC's (a declaration, one root, elements without attributes,
 * text): tags balance, text holds no raw < or bare &, and only characters XML 1.0 allows.
 * (xmlbuilder2's own parser is lenient, so it cannot be the judge.)
 */
function wellFormed(xml: string): void {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!xml.startsWith(decl)) throw new Error('no XML declaration');
  if (/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.test(xml)) throw new Error('a character XML cannot carry');
  const stack: string[] = [];
  let roots = 0;
  for (const m of xml.slice(decl.length).matchAll(/<(\/?)([A-Za-z][\w.-]*)>|([^<]+)|(<)/g)) {
    if (m[4]) throw new Error('a raw <');
    if (m[3] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[3])) throw new Error('a bare &');
      if (!stack.length && m[3].trim()) throw new Error('text outside the root');
    } else if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`</${m[2]}> closes nothing open`);
    } else {
      if (!stack.length) roots++;
      stack.push(m[2]);
    }
  }
  if (stack.length || roots !== 1) throw new Error('unbalanced, or not one root');
}

describe('CWC channel', () => {
  let server: Server;
  let url: string;
  let received: Array<{ method?: string; path?: string; type?: string; body: string }> = [];
  let answer: (res: ServerResponse) => void = (res) => res.end('<Response>OK</Response>');

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method, path: req.url, type: req.headers['content-type'], body });
        answer(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/message`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    received = [];
    answer = (res) => res.end('<Response>OK</Response>');
  });

  const xml = buildCwcXml({
    deliveryId: cwcDeliveryId('s'.repeat(32), '42'),
    deliveryDate: new Date('2026-03-04T12:00:00Z'),
    agent: { name: 'Rally <Test>', ackEmail: 'acks@rally.example', contactName: 'Ops', contactEmail: 'ops@rally.example', contactPhone: '555-0100' },
    campaignId: 'pass-the-enablers-act',
    office: 'HVT00',
    constituent: { firstName: 'Ada', lastName: "O'Brien & Sons", address1: '12 Main St', city: 'Burlington', state: 'VT', zip: '05401-1234', email: 'ada@example.org' },
    subject: 'Please pass the ENABLERS Act',
    topic: 'Crime and Law Enforcement',
    body: 'Dear Representative,\n<script>alert(1)</script>\u0007 thanks',
  });
  const message = (cwcXml = xml): RenderedMessage => ({
    messageId: '42', kind: 'letter', channel: 'cwc', from: '', to: 'HVT00', subject: 's', text: 't', html: 'h', headers: {},
    messageIdHeader: '<rally.42@localhost>', cwcXml, domain: '127.0.0.1',
  });
  const channel = (extra: Record<string, string> = {}) => new CwcChannel(parseConfig({ NODE_ENV: 'test', CWC_URL: url, CWC_TIMEOUT_MS: '5000', ...extra }));

  it('builds the CWC 2.0 fields and escapes every value', () => {
    expect(field(xml, 'CWC/CWCVersion')).toBe('2.0');
    expect(field(xml, 'Delivery/DeliveryId')).toMatch(/^[0-9a-f]{32}$/);
    expect(field(xml, 'Delivery/DeliveryId')).toBe(cwcDeliveryId('s'.repeat(32), '42'));
    expect(field(xml, 'Delivery/DeliveryDate')).toBe('20260304');
    expect(field(xml, 'Delivery/DeliveryAgent')).toBe('Rally <Test>');
    expect(field(xml, 'Delivery/CampaignId')).toBe('pass-the-enablers-act');
    expect(field(xml, 'Recipient/MemberOffice')).toBe('HVT00');
    expect(field(xml, 'Constituent/FirstName')).toBe('Ada');
    expect(field(xml, 'Constituent/LastName')).toBe("O'Brien & Sons");
    expect(field(xml, 'Constituent/Address1')).toBe('12 Main St');
    expect(field(xml, 'Constituent/City')).toBe('Burlington');
    expect(field(xml, 'Constituent/StateAbbreviation')).toBe('VT');
    expect(field(xml, 'Constituent/Zip')).toBe('05401');
    expect(field(xml, 'Constituent/Email')).toBe('ada@example.org');
    expect(field(xml, 'Message/Subject')).toBe('Please pass the ENABLERS Act');
    expect(field(xml, 'Message/LibraryOfCongressTopics/LibraryOfCongressTopic')).toBe('Crime and Law Enforcement');
    expect(field(xml, 'Message/ConstituentMessage')).toBe('Dear Representative,\n<script>alert(1)</script> thanks');
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('<DeliveryAgent>Rally &lt;Test&gt;</DeliveryAgent>');
    expect(xml).toContain('<LastName>O\'Brien &amp; Sons</LastName>');
  });

  it('is well-formed XML with the elements in the order of data/cwc/README.md', () => {
    expect(() => wellFormed('<?xml version="1.0" encoding="UTF-8"?>\n<CWC><Delivery></CWC>')).toThrow();
    expect(() => wellFormed('<?xml version="1.0" encoding="UTF-8"?>\n<CWC>a & b</CWC>')).toThrow();
    wellFormed(xml);
    const doc = create(xml);
    const elements = (node: Node) => Array.from(node.childNodes).filter((c) => c.nodeType === 1);
    const children = (path: string) => {
      let node = doc.root().node as unknown as Node;
      for (const name of path.split('/').slice(1)) node = elements(node).find((c) => c.nodeName === name)!;
      return elements(node).map((c) => c.nodeName);
    };
    // The README's lists, in order (optional elements Rally does not send are left out).
    const readme: Record<string, string[]> = {
      CWC: ['CWCVersion', 'Delivery', 'Recipient', 'Constituent', 'Message'],
      'CWC/Delivery': ['DeliveryId', 'DeliveryDate', 'DeliveryAgent', 'DeliveryAgentAckEmailAddress', 'DeliveryAgentContact', 'CampaignId'],
      'CWC/Delivery/DeliveryAgentContact': ['DeliveryAgentContactName', 'DeliveryAgentContactEmail', 'DeliveryAgentContactPhone'],
      'CWC/Recipient': ['MemberOffice', 'IsResponseRequested', 'NewsletterOptIn'],
      'CWC/Constituent': ['FirstName', 'LastName', 'Address1', 'City', 'StateAbbreviation', 'Zip', 'Email'],
      'CWC/Message': ['Subject', 'LibraryOfCongressTopics', 'ConstituentMessage'],
      'CWC/Message/LibraryOfCongressTopics': ['LibraryOfCongressTopic'],
    };
    expect(doc.root().node.nodeName).toBe('CWC');
    for (const [path, order] of Object.entries(readme)) expect([path, children(path)]).toEqual([path, order]);
  });

  it('POSTs the XML to CWC_URL with the api key and returns the answer', async () => {
    const res = await channel({ CWC_API_KEY: 'k3y' }).send(message());
    expect(res.response).toBe('200 <Response>OK</Response>');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', path: '/v2/message?apikey=k3y', body: xml });
    expect(received[0].type).toContain('application/xml');
  });

  it('treats 5xx and 429 as transient and other 4xx as permanent', async () => {
    answer = (res) => {
      res.statusCode = 503;
      res.end('busy');
    };
    await expect(channel().send(message())).rejects.toBeInstanceOf(TransientDeliveryError);
    answer = (res) => {
      res.statusCode = 429;
      res.end();
    };
    await expect(channel().send(message())).rejects.toBeInstanceOf(TransientDeliveryError);
    answer = (res) => {
      res.statusCode = 400;
      res.end('<Error>Invalid MemberOffice</Error>');
    };
    await expect(channel().send(message())).rejects.toMatchObject({ name: 'PermanentDeliveryError', response: '400 <Error>Invalid MemberOffice</Error>' });
  });

  it('times out as a transient failure', async () => {
    // The office never answers: only the channel's own timeout can end the request.
    const held: ServerResponse[] = [];
    answer = (res) => held.push(res);
    try {
      await expect(channel({ CWC_TIMEOUT_MS: '300' }).send(message())).rejects.toThrow(/timed out after 300 ms/);
      await expect(channel({ CWC_TIMEOUT_MS: '300' }).send(message())).rejects.toBeInstanceOf(TransientDeliveryError);
    } finally {
      for (const res of held) res.destroy();
    }
  });

  it('fails permanently without CWC_URL or XML, and transiently when nothing listens', async () => {
    await expect(new CwcChannel(parseConfig({ NODE_ENV: 'test' })).send(message())).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(channel().send(message(''))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(channel({ CWC_URL: 'http://127.0.0.1:1/x' }).send(message())).rejects.toBeInstanceOf(TransientDeliveryError);
  });
});
