import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp, shutdownApi } from '../apps/api/src/bootstrap';
import { actionId, getJson, postJson, startTestApi, supporter, TestApi } from './support/api';
import { StaffUsersService } from '../libs/staff/src';
import { axeViolations, launchBrowser, pageWeight, startNeutralSite } from './support/browser';

const SHOTS = `${__dirname}/../artifacts/screenshots`;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** The public pages in real Chromium: with and without JavaScript, live totals, Quick Exit, Spanish, accessibility. */
describe('web pages in Chromium', () => {
  let api: TestApi;
  let neutral: { url: string; close(): Promise<void> };
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let overrides: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    neutral = await startNeutralSite();
    overrides = { QUICK_EXIT_URL: neutral.url, STATS_TICK_MS: '50' };
    [api, browser] = await Promise.all([startTestApi(overrides), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await neutral?.close();
  });

  async function newPage(opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    return page;
  }

  async function shoot(page: Page, name: string) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function fillSupporter(page: Page, email: string) {
    await page.getByLabel('First name').fill('Robin');
    await page.getByLabel('Last name').fill('Browser');
    await page.getByLabel('Email address').fill(email);
  }

  async function submissionCount(email: string): Promise<number> {
    const [{ n }] = await api.ds.query(
      `SELECT count(*)::int AS n FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = $1`,
      [email],
    );
    return n;
  }

  it.each([
    ['on', true],
    ['off', false],
  ])('signs a pledge through the form with JavaScript %s', async (label, javaScriptEnabled) => {
    const page = await newPage({ javaScriptEnabled });
    await page.goto(`${api.url}/campaigns/recognise-grooming`);
    const email = `pledge-js-${label}@example.org`;
    await fillSupporter(page, email);
    await page.getByLabel('ZIP code').fill('05401');
    await page.getByRole('button', { name: 'Make the pledge' }).click();
    await page.waitForURL(/\/thanks\//);
    await expectHeading(page, 'Thank you for taking action');
    expect(await submissionCount(email)).toBe(1);
    if (javaScriptEnabled) await shoot(page, 'thanks');
  });

  it('shows field errors in place with JavaScript, keeping what was typed', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/campaigns/human-trafficking-101`);
    await page.getByLabel('First name').fill('Kim');
    await page.getByLabel('Last name').fill('Typo');
    await page.getByLabel('Email address').fill('kim@example');
    await page.getByLabel('ZIP code').fill('05401');
    await page.getByRole('button', { name: 'Make the pledge' }).click();
    await page.locator('.summary').waitFor();
    expect(await page.locator('.summary').textContent()).toContain('Enter a valid email address');
    expect(await page.getByLabel('First name').inputValue()).toBe('Kim');
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('summary');
    await shoot(page, 'form-errors');
  });

  it('moves the totals on an open dashboard when a submission commits, without a reload', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/dashboard`);
    const cell = page.locator('[data-stat="actionsTaken"]').first();
    const before = Number((await cell.textContent())!.replace(/\D/g, ''));
    await page.locator('[data-stream][data-connected]').waitFor({ timeout: 30000 });
    await page.evaluate(() => ((window as any).rallyTestMark = 1));
    const pledge = await actionId(api.ds, 'pledge-to-take-the-course');
    const started = Date.now();
    expect((await postJson(`${api.url}/api/actions/${pledge}/submissions`, supporter('dash-1'))).status).toBe(202);
    // The new total arrives over the open stream, without a reload (how fast: bench, and the stream test).
    await page.waitForFunction(
      ([sel, n]) => Number(document.querySelector(sel as string)!.textContent!.replace(/\D/g, '')) > (n as number),
      ['[data-stat="actionsTaken"]', before],
      { timeout: 30000 },
    );
    console.log(`dashboard moved ${Date.now() - started} ms after the submission`);
    expect(await page.evaluate(() => (window as any).rallyTestMark)).toBe(1); // the same page, not reloaded
    await shoot(page, 'dashboard');
  });

  it('reconnects the dashboard by itself after the server restarts on the same port', async () => {
    const port = await freePort();
    const start = async () => {
      const app = await createApiApp(api.env.config(overrides));
      await app.listen({ port, host: '127.0.0.1' });
      return app;
    };
    let app: NestFastifyApplication = await start();
    try {
      const page = await newPage();
      await page.goto(`http://127.0.0.1:${port}/dashboard`);
      await page.locator('[data-stream][data-connected]').waitFor({ timeout: 30000 });
      await shutdownApi(app);
      await page.locator('.status.off').waitFor({ timeout: 30000 });
      app = await start();
      const before = (await getJson(`http://127.0.0.1:${port}/api/stats`)).json.actionsTaken;
      const pledge = await actionId(api.ds, 'pledge-to-take-the-course');
      await postJson(`http://127.0.0.1:${port}/api/actions/${pledge}/submissions`, supporter('dash-restart'));
      // retry: 2000 in the stream, plus the tick: the new total arrives without a reload.
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-stat="actionsTaken"]')!.textContent!.replace(/\D/g, '')) > n,
        before,
        { timeout: 30000 },
      );
      expect(await page.locator('.status').getAttribute('class')).not.toContain('off');
    } finally {
      await shutdownApi(app).catch(() => undefined);
    }
  });

  it('sends a letter for a split ZIP: choose a district, see who receives it, send', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/campaigns/pass-the-enablers-act`);
    await page.getByLabel('ZIP code').fill('10001');
    await page.getByRole('button', { name: 'Find my representatives' }).click();
    await page.getByRole('radio', { name: /NY district 12/ }).check();
    await shoot(page, 'letter-district');
    await page.getByRole('button', { name: 'Continue' }).click();
    const targets = page.locator('[data-targets] li');
    await targets.first().waitFor();
    const shown = await targets.allTextContents();
    expect(shown).toHaveLength(3);
    expect(shown.filter((t) => t.startsWith('Senator'))).toHaveLength(2);
    expect(shown.filter((t) => t.includes('(NY-12)'))).toHaveLength(1);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Add your own words (optional)').fill('Trafficking survivors in my district need this.');
    await fillSupporter(page, 'letter-browser@example.org');
    await shoot(page, 'letter-write');
    await page.getByRole('button', { name: 'Send my letter' }).click();
    await page.waitForURL(/\/thanks\//);
    expect(await page.locator('[data-targets] li').count()).toBeGreaterThan(0);
    const [row] = await api.ds.query(
      `SELECT s.district, s.letter_text IS NOT NULL AS has_text FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = 'letter-browser@example.org'`,
    );
    expect(row.district).toBe(12);
  });

  it('Quick Exit leaves for the neutral site and Back does not return to Rally', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/`);
    await page.locator('a.more[href="/campaigns/recognise-grooming"]').click();
    await page.waitForURL(/\/campaigns\//);
    await page.getByLabel('First name').first().fill('Someone');
    await page.getByRole('link', { name: 'Quick Exit' }).click();
    await page.waitForURL(neutral.url);
    await page.goBack().catch(() => null);
    expect(page.url()).not.toContain(api.url);

    // Escape works from any state, here with the focus in a form field.
    const again = await newPage();
    await again.goto(`${api.url}/campaigns/recognise-grooming`);
    await again.getByLabel('Email address').focus();
    await again.keyboard.press('Escape');
    await again.waitForURL(neutral.url);
    await again.goBack().catch(() => null);
    expect(again.url()).not.toContain(api.url);

    // Without JavaScript it is a plain link (which cannot remove history).
    const noJs = await newPage({ javaScriptEnabled: false });
    await noJs.goto(`${api.url}/`);
    await noJs.getByRole('link', { name: 'Quick Exit' }).click();
    await noJs.waitForURL(neutral.url);
  });

  it('shows Spanish from the browser language, and the switch keeps the choice', async () => {
    const page = await newPage({ locale: 'es-ES', extraHTTPHeaders: { 'accept-language': 'es-ES,es;q=0.9' } });
    await page.goto(`${api.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await expectHeading(page, 'Actúe contra la trata de personas');
    expect(await page.getByRole('link', { name: 'Salida rápida' }).count()).toBe(1);
    await shoot(page, 'home-es');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.goto(`${api.url}/dashboard`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(['lang']);
  });

  it('has no serious or critical axe-core violations, and every page is under 50 KB', async () => {
    const letter = await actionId(api.ds, 'write-to-congress');
    const paths: Array<[string, string]> = [
      ['home', '/'],
      ['campaign', '/campaigns/pass-the-enablers-act'],
      ['campaign-pledge', '/campaigns/recognise-grooming'],
      ['letter-step3', `/letter/${letter}?zip=05401&step=3`],
      ['dashboard', '/dashboard'],
    ];
    const report: string[] = [];
    for (const [name, path] of paths) {
      const weigh = await newPage();
      const { bytes, requests } = await pageWeight(weigh, `${api.url}${path}`);
      report.push(`${name}: ${(bytes / 1024).toFixed(1)} KB in ${requests} requests`);
      expect(bytes).toBeLessThan(50 * 1024);
      if (name === 'home' || name === 'campaign') await shoot(weigh, name);
      await weigh.context().close();

      const page = await newPage({ bypassCSP: true });
      await page.goto(`${api.url}${path}`);
      const violations = await axeViolations(page);
      expect([name, violations]).toEqual([name, []]);
    }
    console.log(`page weight (transferred, cold cache):\n${report.join('\n')}`);
  });

  it('lets staff sign in to the console, see actions with counts and close one', async () => {
    await api.app.get(StaffUsersService).create({ email: 'editor@example.org', password: 'correct horse battery staple', role: 'admin' }, { kind: 'cli', id: null, role: 'admin' });
    await postJson(`${api.url}/api/actions/${await actionId(api.ds, 'pledge-to-learn-the-signs')}/submissions`, supporter('console'));
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${api.url}/admin`);
    await page.getByLabel('Email address').fill('editor@example.org');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('tr[data-action="pledge-to-learn-the-signs"]');
    await row.waitFor();
    expect(Number(await row.locator('td.num').first().textContent())).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'admin');
    await row.getByRole('button', { name: /^Close / }).click();
    await page.locator('#admin-status', { hasText: 'Closed.' }).waitFor();
    const [{ status }] = await api.ds.query(`SELECT status FROM actions WHERE slug = 'pledge-to-learn-the-signs'`);
    expect(status).toBe('closed');
  });
});

async function expectHeading(page: Page, text: string) {
  expect((await page.locator('h1').first().textContent())?.trim()).toBe(text);
}
