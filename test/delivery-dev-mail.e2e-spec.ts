import nodemailer from 'nodemailer';
import { freePort, RallyProcess, spawnRally } from './support/processes';

describe('development mail sink (scripts/dev-mail.js)', () => {
  let sink: RallyProcess;
  let smtpPort: number;
  let web: string;

  beforeAll(async () => {
    smtpPort = await freePort();
    const webPort = await freePort();
    web = `http://127.0.0.1:${webPort}`;
    sink = spawnRally('scripts/dev-mail.js', { DEV_SMTP_PORT: String(smtpPort), DEV_MAIL_WEB_PORT: String(webPort), DEV_MAIL_KEEP: '3' });
    await sink.waitForOutput('inbox at', 10000);
  });
  afterAll(() => sink?.stop());

  it('shows each received message in a browser inbox, escaped, and as JSON; keeps only the newest', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false });
    for (let i = 1; i <= 4; i++) {
      await transport.sendMail({
        from: 'Rally <no-reply@localhost>',
        to: 'S000033@congress.rally.test',
        subject: `Letter ${i} <script>alert(1)</script>`,
        text: `Dear Senator, <b>${i}</b>`,
        messageId: `<rally.${i}@localhost>`,
      });
    }
    transport.close();

    const list = await (await fetch(`${web}/messages.json`)).json();
    expect(list.map((m: { subject: string }) => m.subject)).toEqual([2, 3, 4].map((i) => `Letter ${i} <script>alert(1)</script>`));
    expect(list[2].messageId).toBe('<rally.4@localhost>');
    expect(list[2].to).toEqual(['S000033@congress.rally.test']);

    const inbox = await fetch(`${web}/`);
    expect(inbox.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await inbox.text();
    expect(html).toContain('Letter 4 &lt;script&gt;');
    expect(html).not.toContain('<script>');

    const one = await (await fetch(`${web}/messages/${list[2].id}`)).text();
    expect(one).toContain('Dear Senator, &lt;b&gt;4&lt;/b&gt;');
    expect((await fetch(`${web}/messages/1`)).status).toBe(404);
  });
});
