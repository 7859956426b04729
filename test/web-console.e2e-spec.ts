import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { MessageRenderService } from '../libs/letters/src';
import { StaffUsersService } from '../libs/staff/src';
import { actionId, postJson, startTestApi, supporter, TestApi } from './support/api';
import { axeViolations, launchBrowser, pageWeight } from './support/browser';

const SHOTS = `${__dirname}/../artifacts/screenshots`;
const PASSWORD = 'correct horse battery staple';
const CLI = { kind: 'cli' as const, id: null, role: 'admin' as const };

/** The staff console in Chromium (editor and viewer), plus the Spanish supporter emails and unsubscribe page. */
describe('staff console and Spanish supporter emails', () => {
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // FORM_MIN_SECONDS 0: the forms here are filled by a script, faster than a person would.
    [api, browser] = await Promise.all([startTestApi({ FORM_MIN_SECONDS: '0' }), launchBrowser()]);
    const staff = api.app.get(StaffUsersService);
    await staff.create({ email: 'editor@example.org', password: PASSWORD, role: 'editor' }, CLI);
    await staff.create({ email: 'viewer@example.org', password: PASSWORD, role: 'viewer' }, CLI);
    await staff.create({ email: 'admin@example.org', password: PASSWORD, role: 'admin' }, CLI);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
  });

  async function newPage(opts: { bypassCSP?: boolean; width?: number } = {}): Promise<Page> {
    const ctx = await browser.newContext({ bypassCSP: opts.bypassCSP, viewport: { width: opts.width ?? 1280, height: 900 } });
    ctx.setDefaultTimeout(10_000);
    contexts.push(ctx);
    return ctx.newPage();
  }
  const shoot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/console-${name}.png`, fullPage: true });
  const expectNoSeriousViolations = async (page: Page, name: string) => expect([name, await axeViolations(page)]).toEqual([name, []]);

  async function signIn(page: Page, email: string) {
    await page.goto(`${api.url}/admin`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#admin-who', { hasText: email }).waitFor();
    await page.locator('tr[data-action="pledge-to-learn-the-signs"]').waitFor();
  }

  it('an editor creates a pledge action (field errors shown beside fields), publishes it, and a supporter signs it', async () => {
    const page = await newPage({ bypassCSP: true });
    const weight = await pageWeight(page, `${api.url}/admin`);
    console.log(`console page weight (signed out, cold cache): ${(weight.bytes / 1024).toFixed(1)} KB in ${weight.requests} requests`);
    expect(weight.bytes).toBeLessThan(50 * 1024);
    await page.getByLabel('Password').waitFor();
    await expectNoSeriousViolations(page, 'login');
    await shoot(page, 'login');

    // A wrong password is refused with a message, not a page change.
    await page.getByLabel('Email address').fill('editor@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#admin-login-error', { hasText: 'Wrong email address or password.' }).waitFor();

    await signIn(page, 'editor@example.org');
    await expectNoSeriousViolations(page, 'list');
    await shoot(page, 'list');

    // New action, by keyboard-reachable buttons with accessible names.
    await page.getByRole('button', { name: 'New action in Raise awareness about trafficking and grooming' }).click();
    await expect(page.locator('#admin-action-editor-h')).toBeFocused();
    const form = page.locator('#admin-action-form');
    await form.getByLabel('Kind').selectOption('pledge');
    await form.getByLabel('Title').fill('Pledge to talk to a teacher');
    await form.getByLabel('Slug').fill('Not A Slug!');
    await form.getByLabel('Text', { exact: true }).fill('I will talk to a teacher I trust about the warning signs.');
    await form.getByLabel('Goal').fill('500');
    // New actions require confirmation unless staff untick it (the count would tell who signed);
    // this one counts on submission so the console can show the count below.
    const confirm = form.getByLabel('Require email confirmation before it counts');
    await expect(confirm).toBeChecked();
    await expect(form.getByLabel(/Publish the count rounded/)).not.toBeChecked();
    await confirm.uncheck();
    await expect(page.locator('#admin-letter-fields')).toBeHidden();
    await page.getByRole('button', { name: 'Save action' }).click();

    // The API's 422 errors[] land next to the field, with aria-invalid, and in a focused summary.
    const slugError = form.locator('[data-error-for="slug"]');
    await slugError.waitFor();
    expect(await slugError.textContent()).toContain('slug must be lower-case');
    await expect(form.getByLabel('Slug')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#admin-action-errors')).toBeFocused();
    await expectNoSeriousViolations(page, 'action-errors');
    await shoot(page, 'action-errors');

    await form.getByLabel('Slug').fill('pledge-to-talk-to-a-teacher');
    await page.getByRole('button', { name: 'Save action' }).click();
    await page.locator('#admin-status', { hasText: 'Created draft action Pledge to talk to a teacher.' }).waitFor();
    const row = page.locator('tr[data-action="pledge-to-talk-to-a-teacher"]');
    await expect(row.locator('[data-status]')).toHaveText('draft');

    // Not on the public page while a draft.
    const publicPage = await newPage();
    await publicPage.goto(`${api.url}/campaigns/recognise-grooming`);
    expect(await publicPage.content()).not.toContain('Pledge to talk to a teacher');

    await row.getByRole('button', { name: /^Publish / }).click();
    await page.locator('#admin-status', { hasText: 'Published.' }).waitFor();
    await expect(row.locator('[data-status]')).toHaveText('live');

    // The supporter sees it and signs it.
    await publicPage.goto(`${api.url}/campaigns/recognise-grooming`);
    const section = publicPage.locator('#action-pledge-to-talk-to-a-teacher');
    await section.getByLabel('First name').fill('Rosa');
    await section.getByLabel('Last name').fill('Console');
    await section.getByLabel('Email address').fill('rosa.console@example.org');
    await section.getByLabel('ZIP code').fill('05401');
    await section.getByRole('button', { name: 'Make the pledge' }).click();
    await publicPage.waitForURL(/\/thanks\//);
    const [counted] = await api.ds.query(
      `SELECT count(*)::int AS n FROM submissions s JOIN actions a ON a.id = s.action_id WHERE a.slug = 'pledge-to-talk-to-a-teacher' AND s.status = 'counted'`,
    );
    expect(counted.n).toBe(1);

    // The console shows the count after a reload of the list (any action re-loads it).
    await page.reload();
    await page.locator('tr[data-action="pledge-to-talk-to-a-teacher"]').waitFor();
    await expect(page.locator('tr[data-action="pledge-to-talk-to-a-teacher"] td.num').first()).toHaveText('1');
  });

  it('edits a letter with a live preview, and monitors and retries failed letters', async () => {
    const letterId = await actionId(api.ds, 'write-to-congress');
    const [{ id: failedId }] = await api.ds.query(
      `INSERT INTO messages (kind, action_id, target, channel, status, attempts, last_error)
       VALUES ('letter', $1, '{"name":"Test Office","chamber":"senate"}', 'email', 'failed', 5, '550 5.1.1 mailbox unavailable') RETURNING id::text`,
      [letterId],
    );
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'editor@example.org');

    const row = page.locator('tr[data-action="write-to-congress"]');
    await row.getByRole('button', { name: /^Edit / }).click();
    await expect(page.locator('#admin-letter-fields')).toBeVisible();
    await expect(page.locator('#a-kind-senate')).toBeChecked();
    const preview = page.locator('#admin-preview');
    await preview.locator('pre').waitFor();
    expect(await preview.textContent()).toContain('Subject:');
    const form = page.locator('#admin-action-form');
    await form.getByLabel('Subject').fill('Please act now, {{target.title}} {{target.name}}');
    await expect(preview).toContainText('Subject: Please act now, ');
    await expect(preview).not.toContainText('{{target.name}}');
    await expectNoSeriousViolations(page, 'letter-editor');
    await shoot(page, 'letter-editor');
    // Live letters must stay complete: clearing the template is refused next to the field.
    await form.getByLabel('Letter template').fill('');
    await page.getByRole('button', { name: 'Save action' }).click();
    await page.locator('#admin-action-errors').waitFor();
    expect(await page.locator('#admin-action-errors').textContent()).toContain('a letter needs a body template');
    await form.locator('[data-error-for="bodyTemplate"]').waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('button', { name: /^Delivery / }).click();
    const failedRow = page.locator(`tr[data-message="${failedId}"]`);
    await failedRow.waitFor();
    expect(await failedRow.textContent()).toContain('550 5.1.1 mailbox unavailable');
    await expect(page.locator('#admin-delivery-counts [data-count="failed"]')).toHaveText('1');
    await expectNoSeriousViolations(page, 'delivery');
    await shoot(page, 'delivery');
    await failedRow.getByRole('button', { name: `Retry letter #${failedId}` }).click();
    await page.locator('#admin-status', { hasText: `Letter #${failedId} re-queued.` }).waitFor();
    await expect(page.locator('#admin-failed-none')).toBeVisible();
    const [msg] = await api.ds.query(`SELECT status FROM messages WHERE id = $1`, [failedId]);
    expect(msg.status).toBe('queued');
  });

  it('a viewer sees no editing buttons, and the API refuses their writes', async () => {
    const page = await newPage({ bypassCSP: true, width: 390 });
    await signIn(page, 'viewer@example.org');
    await expect(page.getByRole('button', { name: /^(Publish|Close|Reopen|Edit|New action) / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New campaign' })).toBeHidden();
    // Signers' personal data is for editors and admins: no export links, and the API refuses.
    await expect(page.getByRole('link', { name: /^Export CSV/ })).toHaveCount(0);
    await expect(page.locator('#admin-tokens')).toBeHidden();
    await expectNoSeriousViolations(page, 'viewer');
    await shoot(page, 'viewer-390');

    const draftId = await actionId(api.ds, 'pledge-to-take-the-course');
    const status = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(`/api/admin/actions/${id}/close`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' }, body: '{}' });
      return res.status;
    }, draftId);
    expect(status).toBe(403);
    const exportStatus = await page.evaluate(async (id) => (await fetch(`/api/admin/actions/${id}/submissions.csv`)).status, draftId);
    expect(exportStatus).toBe(403);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
  });

  it('an admin lists API tokens with their expiry, creates one (shown once) and revokes it', async () => {
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin@example.org');
    expect(await page.getByRole('link', { name: /^Export CSV/ }).count()).toBeGreaterThan(0);
    await expect(page.locator('#admin-tokens-none')).toBeVisible();

    await page.getByLabel('Name').fill('CRM sync');
    await page.getByLabel('Role').selectOption('editor');
    await page.getByLabel('Expires after (days)').fill('400');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.locator('[data-error-for="expiresInDays"]')).toBeVisible();

    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.locator('#admin-token-created')).toBeVisible();
    expect(await page.locator('#admin-token-secret').textContent()).toMatch(/^rally_/);
    const [token] = await api.ds.query(`SELECT id, role, expires_at FROM api_tokens WHERE name = 'CRM sync'`);
    expect(token.role).toBe('editor');
    expect(Math.round((token.expires_at.getTime() - Date.now()) / 86_400_000)).toBe(30);
    const row = page.locator(`tr[data-token="${token.id}"]`);
    await expect(row.locator('[data-status]')).toHaveText('active');
    const expires = await page.evaluate((iso) => new Date(iso).toLocaleString(), token.expires_at.toISOString());
    await expect(row.locator('[data-expires]')).toHaveText(expires);
    await expectNoSeriousViolations(page, 'tokens');
    await shoot(page, 'tokens');

    await row.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await expect(row.locator('[data-status]')).toHaveText('revoked');
    await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  });

  it('a Spanish form submission gets Spanish emails; the unsubscribe page uses the public layout in Spanish', async () => {
    const pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    const es = { cookie: 'lang=es' };
    const form = await (await fetch(`${api.url}/campaigns/recognise-grooming`, { headers: es })).text();
    const renderedAt = /name="renderedAt" value="([^"]*)"/.exec(form)![1];
    const res = await fetch(`${api.url}/act/${pledge}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...es, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ givenName: 'Lucía', familyName: 'Español', email: 'lucia.es@example.org', zip: '05401', website: '', renderedAt }).toString(),
    });
    expect(res.status).toBe(303);

    const renderer = api.app.get(MessageRenderService);
    const [thanks] = await api.ds.query(
      `SELECT m.id::text FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = 'lucia.es@example.org' AND m.kind = 'thank_you'`,
    );
    const mail = (await renderer.render(thanks.id))!;
    expect(mail.subject).toMatch(/^Gracias por tomar acción: /);
    expect(mail.text).toContain('Hola, Lucía:');
    expect(mail.text).toContain('Línea Nacional contra la Trata de Personas');
    expect(mail.html).toContain('<html lang="es">');

    // The JSON API takes the language from Accept-Language: a repeat gets "already signed" in Spanish.
    const repeat = await postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter('x', { email: 'lucia.es@example.org' }), { 'accept-language': 'es-MX,es;q=0.9' });
    expect(repeat.status).toBe(202);
    const [again] = await api.ds.query(
      `SELECT m.id::text FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = 'lucia.es@example.org' AND m.kind = 'already_signed'`,
    );
    expect((await renderer.render(again.id))!.subject).toBe('Usted ya tomó esta acción');

    // An English API caller still gets English.
    await postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter('en-mail'));
    const [en] = await api.ds.query(
      `SELECT m.id::text FROM messages m JOIN supporters p ON p.id = m.supporter_id WHERE p.email_normalized = 'supporteren-mail@example.org' AND m.kind = 'thank_you'`,
    );
    expect((await renderer.render(en.id))!.subject).toMatch(/^Thank you for taking action: /);

    // The unsubscribe link from the Spanish email opens a Spanish page with hotline and Quick Exit.
    const url = mail.headers['List-Unsubscribe'].match(/<(https?:\/\/[^>]+\/unsubscribe\/[^>]+)>/)![1];
    const path = new URL(url).pathname;
    const page = await fetch(`${api.url}${path}`, { headers: es });
    const body = await page.text();
    expect(page.status).toBe(200);
    expect(body).toContain('<html lang="es">');
    expect(body).toContain('<button type="submit">Darse de baja</button>');
    expect(body).toContain('1-888-373-7888');
    expect(body).toContain('data-quick-exit');
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    const bad = await fetch(`${api.url}/unsubscribe/not-a-valid-token-at-all-xxxxxxxx`, { headers: { accept: 'text/html' } });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('Link not valid');
  });
});

// playwright-core has no `expect`; a tiny polling stand-in keeps the assertions readable.
function expect<T>(actual: T): any {
  const isLocator = actual && typeof actual === 'object' && 'waitFor' in (actual as object) && 'evaluate' in (actual as object);
  if (!isLocator) return (global as any).expect(actual);
  return locatorExpect(actual as any, false);
}

function locatorExpect(loc: any, negate: boolean): any {
  const poll = async (check: () => Promise<boolean>, what: string) => {
    const until = Date.now() + 30000;
    for (;;) {
      const ok = await check().catch(() => false);
      if (ok !== negate) return;
      if (Date.now() > until) throw new Error(`expected locator ${negate ? 'not ' : ''}${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const api = {
    toBeVisible: () => poll(() => loc.isVisible(), 'to be visible'),
    toBeHidden: () => poll(async () => !(await loc.isVisible()), 'to be hidden'),
    toBeChecked: () => poll(() => loc.isChecked(), 'to be checked'),
    toBeFocused: () => poll(() => loc.evaluate((n: Element) => n === document.activeElement), 'to be focused'),
    toHaveText: (t: string) => poll(async () => (await loc.textContent())?.trim() === t, `to have text ${t}`),
    toContainText: (t: string) => poll(async () => ((await loc.textContent()) ?? '').includes(t), `to contain ${t}`),
    toHaveAttribute: (n: string, v: string) => poll(async () => (await loc.getAttribute(n)) === v, `to have ${n}=${v}`),
    toHaveCount: (c: number) => poll(async () => (await loc.count()) === c, `to have count ${c}`),
  };
  return Object.defineProperty(api, 'not', { get: () => locatorExpect(loc, !negate) });
}
