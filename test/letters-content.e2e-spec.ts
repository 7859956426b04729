import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CwcChannel, MessageRenderService } from '@app/letters';
import { actionId, getJson, postJson, startTestApi, supporter, TestApi } from './support/api';

describe('letters: targets, preview, rendering, confirmation and unsubscribe', () => {
  let api: TestApi;
  let letter: string;
  let renderer: MessageRenderService;

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL: 'https://rally.example' });
    letter = await actionId(api.ds, 'write-to-congress');
    renderer = api.app.get(MessageRenderService);
  });
  afterAll(() => api.close());

  const preview = (body: unknown, id = letter) => postJson(`${api.url}/api/actions/${id}/preview`, body);
  const messagesOf = (email: string) =>
    api.ds.query(
      `SELECT m.id::text, m.kind, m.status, m.channel, m.target FROM messages m JOIN supporters p ON p.id = m.supporter_id
        WHERE p.email_normalized = $1 ORDER BY m.id`,
      [email],
    );

  it('previews the letter for 05401 to both senators and the House member, by name', async () => {
    const res = await preview({ zip: '05401', givenName: 'Ada', familyName: 'Lovelace', address: '12 Main St, Burlington, VT', message: 'Please act <now>.' });
    expect(res.status).toBe(200);
    expect(res.json.subject).toBe('Please pass the ENABLERS Act');
    expect(res.json.targets.map((t: any) => [t.id, t.name, t.chamber, t.deliverable])).toEqual([
      ['S000033', 'Bernard Sanders', 'senate', true],
      ['W000800', 'Peter Welch', 'senate', true],
      ['B001318', 'Becca Balint', 'house', true],
    ]);
    const texts = res.json.letters.map((l: any) => l.text.split('\n')[0]);
    expect(texts).toEqual(['Dear Senator Bernard Sanders,', 'Dear Senator Peter Welch,', 'Dear Representative Becca Balint,']);
    expect(res.json.letters[0].text).toContain('Please act <now>.');
    expect(res.json.letters[0].text).toMatch(/Sincerely,\nAda Lovelace\nBurlington\n$/);
    // Delivery addresses never leave the server.
    expect(JSON.stringify(res.json)).not.toContain('@');
  });

  it('asks for a district when the ZIP spans several (422), and previews once it is given', async () => {
    const split = await preview({ zip: '01002' });
    expect(split.status).toBe(422);
    expect(split.headers.get('content-type')).toContain('application/problem+json');
    expect(split.json.errors).toEqual([expect.objectContaining({ field: 'district' })]);
    const chosen = await preview({ zip: '01002', district: 2 });
    expect(chosen.status).toBe(200);
    expect(chosen.json.targets.filter((t: any) => t.chamber === 'house')).toEqual([expect.objectContaining({ state: 'MA', district: 2 })]);
    const targets = await getJson(`${api.url}/api/actions/${letter}/targets?zip=01002&district=1`);
    expect(targets.status).toBe(200);
    expect(targets.json.targets).toHaveLength(3);
  });

  it('answers bad preview input with 4xx problems, never a 500', async () => {
    expect((await preview({ zip: 'abc' })).status).toBe(422);
    expect((await preview({ zip: '00000' })).json.errors).toEqual([expect.objectContaining({ field: 'zip' })]);
    expect((await preview({ zip: '05401', message: 'x'.repeat(5001) })).status).toBe(422);
    expect((await preview({ zip: '05401', admin: true })).status).toBe(422);
    expect((await preview({ zip: '05401' }, '00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await preview({ zip: '05401' }, await actionId(api.ds, 'pledge-to-learn-the-signs'))).status).toBe(422);
    const text = await fetch(`${api.url}/api/actions/${letter}/preview`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'zip=05401' });
    expect(text.status).toBe(415);
  });

  it('a letter from 05401 queues exactly three letters and one thank-you, and renders them for delivery', async () => {
    const res = await postJson(`${api.url}/api/actions/${letter}/submissions`, supporter('letter', { address: '12 Main St, Burlington, VT 05401', message: '<b>Hi</b>' }));
    expect(res.status).toBe(202);
    expect(res.json.targets.map((t: any) => t.id)).toEqual(['S000033', 'W000800', 'B001318']);
    const rows = await messagesOf('supporterletter@example.org');
    expect(rows.map((r: any) => [r.kind, r.status, r.channel])).toEqual([
      ['letter', 'queued', 'email'],
      ['letter', 'queued', 'email'],
      ['letter', 'queued', 'email'],
      ['thank_you', 'queued', 'email'],
    ]);
    const m = (await renderer.render(rows[0].id))!;
    expect(m).toMatchObject({ kind: 'letter', channel: 'email', to: 'S000033@congress.rally.test', domain: 'congress.rally.test' });
    expect(m.from).toBe('"Test Supporter letter via Rally" <no-reply@localhost>');
    expect(m.headers['Reply-To']).toBeUndefined();
    expect(m.messageIdHeader).toBe(`<rally.${rows[0].id}@rally.example>`);
    expect(m.text).toMatch(/^Dear Senator Bernard Sanders,/);
    expect(m.text).toContain('<b>Hi</b>');
    expect(m.html).toContain('&lt;b&gt;Hi&lt;/b&gt;');
    expect(m.text).toMatch(/Test Supporter letter\nBurlington\n$/);
    // Same row, same message: a retry sends identical content.
    expect(await renderer.render(rows[0].id)).toEqual(m);
    const thanks = (await renderer.render(rows[3].id))!;
    expect(thanks).toMatchObject({ kind: 'thank_you', to: 'supporterletter@example.org' });
    expect(thanks.text).toContain('letters are on their way');
  });

  it('renders a confirmation link whose POST confirms the submission', async () => {
    await api.ds.query(`UPDATE actions SET require_confirmation = true WHERE slug = 'pledge-to-take-the-course'`);
    const course = await actionId(api.ds, 'pledge-to-take-the-course');
    expect((await postJson(`${api.url}/api/actions/${course}/submissions`, supporter('confirm'))).status).toBe(202);
    const [row] = await messagesOf('supporterconfirm@example.org');
    expect(row.kind).toBe('confirmation');
    const mail = (await renderer.render(row.id))!;
    expect(mail.to).toBe('supporterconfirm@example.org');
    const link = mail.text.match(/https:\/\/rally\.example\/confirm\/([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    expect(mail.html).toContain(`href="https://rally.example/confirm/${link![1]}"`);
    // Deterministic: rendering again (e.g. after a Redis flush) gives the same link.
    expect((await renderer.render(row.id))!.text).toBe(mail.text);
    const [before] = await api.ds.query(`SELECT s.status FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = 'supporterconfirm@example.org'`);
    expect(before.status).toBe('pending');
    const ok = await postJson(`${api.url}/api/confirmations/${link![1]}`, {});
    expect(ok.status).toBe(200);
    const [after] = await api.ds.query(`SELECT s.status FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = 'supporterconfirm@example.org'`);
    expect(after.status).toBe('counted');
  });

  it('unsubscribes in one click from the List-Unsubscribe header, and stops further notices', async () => {
    const pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    await postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter('unsub', { emailOptIn: true }));
    const [row] = await messagesOf('supporterunsub@example.org');
    const mail = (await renderer.render(row.id))!;
    expect(mail.kind).toBe('thank_you');
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = mail.headers['List-Unsubscribe'].match(/<(https:\/\/rally\.example\/unsubscribe\/[^>]+)>/)![1];
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<mailto:no-reply@localhost\?subject=unsubscribe>, </);
    expect(mail.text).toContain(url);
    const path = url.replace('https://rally.example', '');

    const page = await fetch(`${api.url}${path}`);
    expect(page.status).toBe(200);
    // The page only offers a button: a form that POSTs back to the same link.
    expect(await page.text()).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="${path}"|<form[^>]*action="${path}"[^>]*method="post"`, 'i'));
    // Opening the link (a mail scanner) changes nothing.
    const [still] = await api.ds.query(`SELECT unsubscribed_at FROM supporters WHERE email_normalized = 'supporterunsub@example.org'`);
    expect(still.unsubscribed_at).toBeNull();

    const click = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    const [p] = await api.ds.query(`SELECT unsubscribed_at, email_opt_in FROM supporters WHERE email_normalized = 'supporterunsub@example.org'`);
    expect(p.unsubscribed_at).not.toBeNull();
    expect(p.email_opt_in).toBe(false);
    // Idempotent, and the thank-you is no longer sent.
    expect((await fetch(`${api.url}${path}`, { method: 'POST' })).status).toBe(200);
    expect(await renderer.render(row.id)).toBeNull();
    // A browser form post gets a page; an unknown token is a 404.
    const form = await fetch(`${api.url}${path}`, { method: 'POST', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${api.url}/unsubscribe/${'A'.repeat(43)}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${api.url}/unsubscribe/${'A'.repeat(43)}`)).status).toBe(404);
  });

  it('renders nothing for an unknown message id', async () => {
    expect(await renderer.render('999999999')).toBeNull();
    expect(await renderer.render('1; DROP TABLE messages')).toBeNull();
  });

  it('with CWC_URL set, plans Congress letters for CWC and posts the rendered XML there', async () => {
    const bodies: string[] = [];
    const cwc: Server = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        bodies.push(b);
        res.end('<Response>ok</Response>');
      });
    });
    await new Promise<void>((r) => cwc.listen(0, '127.0.0.1', r));
    const cwcUrl = `http://127.0.0.1:${(cwc.address() as AddressInfo).port}/v2/message`;
    const second = await startTestApi({ PUBLIC_URL: 'https://rally.example', CWC_URL: cwcUrl }, api.env);
    try {
      const relief = await actionId(api.ds, 'ask-congress-for-relief');
      const res = await postJson(`${second.url}/api/actions/${relief}/submissions`, supporter('cwc', { address: '12 Main St, Burlington, VT 05401', message: 'Fix this & <soon>' }));
      expect(res.status).toBe(202);
      const rows = (await messagesOf('supportercwc@example.org')).filter((r: any) => r.kind === 'letter');
      expect(rows.map((r: any) => [r.channel, r.target.office])).toEqual([
        ['cwc', 'SVT01'],
        ['cwc', 'SVT02'],
        ['cwc', 'HVT00'],
      ]);
      const rendered = (await second.app.get(MessageRenderService).render(rows[2].id))!;
      expect(rendered).toMatchObject({ channel: 'cwc', domain: '127.0.0.1' });
      const sent = await second.app.get(CwcChannel).send(rendered);
      expect(sent.response).toBe('200 <Response>ok</Response>');
      const xml = bodies[0];
      expect(xml).toContain('<MemberOffice>HVT00</MemberOffice>');
      expect(xml).toContain('<DeliveryAgent>Rally</DeliveryAgent>');
      expect(xml).toContain('<FirstName>Test</FirstName>');
      expect(xml).toContain('<LastName>Supporter cwc</LastName>');
      expect(xml).toContain('<Address1>12 Main St</Address1>');
      expect(xml).toContain('<City>Burlington</City>');
      expect(xml).toContain('<Zip>05401</Zip>');
      expect(xml).toContain('<Email>supportercwc@example.org</Email>');
      expect(xml).toContain('<Subject>Federal criminal-records relief for trafficking survivors</Subject>');
      expect(xml).toMatch(/<ConstituentMessage>Dear Representative Becca Balint,[\s\S]*Fix this &amp; &lt;soon&gt;/);
    } finally {
      await second.close();
      await new Promise<void>((r) => cwc.close(() => r()));
    }
  });
});
