#!/usr/bin/env node
// Development SMTP sink with a web inbox (started by `npm start` when SMTP_URL is unset).
// Accepts every message on DEV_SMTP_PORT (1025), keeps the last DEV_MAIL_KEEP (500) in memory, and
// shows them at http://localhost:DEV_MAIL_WEB_PORT (1080): a list, each message's text part and
// headers, and /messages.json for scripts. Nothing leaves this machine; no external assets.
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const smtpPort = Number(process.env.DEV_SMTP_PORT ?? 1025);
const webPort = Number(process.env.DEV_MAIL_WEB_PORT ?? 1080);
const host = process.env.DEV_MAIL_HOST ?? '127.0.0.1';
const keep = Number(process.env.DEV_MAIL_KEEP ?? 500);

/** Newest last; `seq` is a stable number for links. */
const messages = [];
let seq = 0;

const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const headers = {};
        for (const [k, v] of mail.headers) headers[k] = typeof v === 'string' ? v : (v && v.text) || JSON.stringify(v);
        messages.push({
          id: ++seq,
          receivedAt: new Date().toISOString(),
          messageId: mail.messageId ?? '',
          from: mail.from?.text ?? session.envelope.mailFrom?.address ?? '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          hasHtml: Boolean(mail.html),
          headers,
        });
        if (messages.length > keep) messages.splice(0, messages.length - keep);
        callback(null, `OK stored as #${seq}`);
      })
      .catch((err) => callback(Object.assign(new Error(`could not parse message: ${err.message}`), { responseCode: 451 })));
  },
});
smtp.on('error', (err) => console.error(`dev mail: SMTP error: ${err.message}`));

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const style = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#1d3557;color:#fff;padding:.8rem 1.2rem}header a{color:#fff}
main{padding:1rem 1.2rem;max-width:70rem}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
td.when{white-space:nowrap;color:#555}pre{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;border:1px solid #ddd;padding:1rem}
dt{font-weight:600}dd{margin:0;word-break:break-all}.muted{color:#555}`;

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${style}</style></head><body>
<header><strong><a href="/">Rally development inbox</a></strong> <span class="muted" style="color:#cfd8e3">SMTP 127.0.0.1:${smtpPort}; nothing here was really sent</span></header>
<main>${body}</main></body></html>`;
}

function listPage() {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) => `<tr><td class="when">${esc(m.receivedAt.replace('T', ' ').slice(0, 19))}</td><td>${esc(m.to.join(', '))}</td>
<td><a href="/messages/${m.id}">${esc(m.subject || '(no subject)')}</a></td><td>${esc(m.from)}</td></tr>`,
    )
    .join('');
  return page(
    `Inbox (${messages.length})`,
    `<h1>Inbox <span class="muted">(${messages.length}, newest first, last ${keep} kept)</span></h1>
<form method="post" action="/clear"><button type="submit">Clear inbox</button></form>
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>${rows || '<tr><td colspan="4">No messages yet.</td></tr>'}</tbody></table>`,
  );
}

function messagePage(m) {
  const headers = Object.entries(m.headers)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('');
  return page(
    m.subject || 'Message',
    `<p><a href="/">← Inbox</a></p><h1>${esc(m.subject || '(no subject)')}</h1>
<dl><dt>From</dt><dd>${esc(m.from)}</dd><dt>To</dt><dd>${esc(m.to.join(', '))}</dd><dt>Received</dt><dd>${esc(m.receivedAt)}</dd></dl>
<h2>Text</h2><pre>${esc(m.text)}</pre>${m.hasHtml ? '<p class="muted">This message also has an HTML part (not shown).</p>' : ''}
<h2>Headers</h2><dl>${headers}</dl>`,
  );
}

const web = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (status, type, body) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  };
  if (req.method === 'GET' && url.pathname === '/') return send(200, 'text/html; charset=utf-8', listPage());
  if (req.method === 'GET' && url.pathname === '/messages.json') return send(200, 'application/json', JSON.stringify(messages));
  const one = /^\/messages\/(\d+)(\.json)?$/.exec(url.pathname);
  if (req.method === 'GET' && one) {
    const m = messages.find((x) => x.id === Number(one[1]));
    if (!m) return send(404, 'text/html; charset=utf-8', page('Not found', '<p>No such message (only the last messages are kept).</p><p><a href="/">Inbox</a></p>'));
    return one[2] ? send(200, 'application/json', JSON.stringify(m)) : send(200, 'text/html; charset=utf-8', messagePage(m));
  }
  if ((req.method === 'POST' && url.pathname === '/clear') || (req.method === 'DELETE' && url.pathname === '/messages')) {
    messages.length = 0;
    if (req.method === 'DELETE') return send(204, 'text/plain', '');
    res.writeHead(303, { location: '/' });
    return res.end();
  }
  send(404, 'text/plain; charset=utf-8', 'Not found');
});

smtp.listen(smtpPort, host, () => {
  web.listen(webPort, host, () => console.log(`dev mail: SMTP on ${host}:${smtpPort}, inbox at http://localhost:${webPort}`));
});

const stop = () => {
  web.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
