import { createHash } from 'node:crypto';
import { actionId, getJson, startTestApi, TestApi } from './support/api';

/** The public pages over plain HTTP, as a browser without JavaScript sees them. */
describe('web pages without JavaScript', () => {
  let api: TestApi;
  let pledge: string;
  let letter: string;

  beforeAll(async () => {
    api = await startTestApi({ QUICK_EXIT_URL: 'https://neutral.example/' });
    pledge = await actionId(api.ds, 'pledge-to-learn-the-signs');
    letter = await actionId(api.ds, 'write-to-congress');
  });
  afterAll(() => api.close());

  const page = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}`, { headers, redirect: 'manual' }).then(async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));
  const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    }).then(async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));
  const hiddenValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

  it('renders the Take Action page with hotline, Quick Exit, live totals and campaigns, and no inline code', async () => {
    const res = await page('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.text).toContain('1-888-373-7888');
    expect(res.text).toContain('233733');
    expect(res.text).toMatch(/<a class="quick-exit" href="https:\/\/neutral.example\/" rel="noreferrer"/);
    expect(res.text).toContain('data-stream="/api/stats/stream"');
    expect(res.text).toContain('href="/campaigns/pass-the-enablers-act"');
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(res.text).not.toMatch(/\sstyle=/);
  });

  it('serves CSS and JS under content-hashed names with a long cache', async () => {
    const home = (await page('/')).text;
    for (const path of [/href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(home)![1], /src="(\/assets\/site\.[0-9a-f]{12}\.js)"/.exec(home)![1]]) {
      const res = await page(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    expect((await page('/assets/site.000000000000.css')).status).toBe(404);
  });

  it('signs a pledge with a plain form post: 303 to the thank-you page, counted once', async () => {
    const form = (await page('/campaigns/recognise-grooming')).text;
    expect(form).toContain(`action="/act/${pledge}"`);
    expect(form).toMatch(/name="website" type="text" tabindex="-1" autocomplete="off"/);
    const before = (await getJson(`${api.url}/api/stats`)).json;
    const res = await postForm(`/act/${pledge}`, {
      givenName: 'Ana',
      familyName: 'Form',
      email: 'ana.form@example.org',
      zip: '05401',
      emailOptIn: 'true',
      website: '',
      renderedAt: hiddenValue(form, 'renderedAt'),
      source: 'web',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/thanks/${pledge}`);
    const after = (await getJson(`${api.url}/api/stats`)).json;
    expect(after.pledgesMade).toBe(before.pledgesMade + 1);
    const [row] = await api.ds.query(`SELECT email_opt_in, s.source FROM supporters p JOIN submissions s ON s.supporter_id = p.id WHERE p.email_normalized = 'ana.form@example.org'`);
    expect(row).toEqual({ email_opt_in: true, source: 'web' });
    const thanks = await page(res.headers.get('location')!);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('mailto:?subject=');
    expect(thanks.text).toContain('https://wa.me/?text=');
  });

  it('re-renders the form with messages next to the fields and the typed values kept', async () => {
    const res = await postForm(`/act/${pledge}`, { givenName: 'Bo<b>', familyName: '', email: 'not-an-email', zip: '123' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter a valid email address');
    expect(res.text).toContain('Enter your last name');
    expect(res.text).toContain('Enter a 5-digit ZIP code');
    expect(res.text).toContain('value="Bo&lt;b&gt;"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).toMatch(/id="f-pledge-to-learn-the-signs-email"[^>]*aria-describedby="f-pledge-to-learn-the-signs-email-error/);
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('keeps the JSON API for JSON: a form post there is refused with 415', async () => {
    const res = await postForm(`/api/actions/${pledge}/submissions`, { email: 'x@example.org' });
    expect(res.status).toBe(415);
  });

  it('answers unknown pages and actions with a 404 page, not a 500', async () => {
    expect((await page('/campaigns/no-such-campaign')).status).toBe(404);
    expect((await postForm('/act/not-a-uuid', { email: 'a@example.org' })).status).toBe(404);
    expect((await page('/thanks/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await page('/letter/00000000-0000-0000-0000-000000000000?zip=05401')).status).toBe(404);
  });

  it('speaks Spanish from Accept-Language, and the switch remembers English in a cookie', async () => {
    const es = await page('/', { 'accept-language': 'es-MX,es;q=0.9' });
    expect(es.text).toContain('<html lang="es">');
    expect(es.text).toContain('Salida rápida');
    expect(es.text).toContain('Acciones realizadas');
    const sw = await page('/lang/en?next=%2Fcampaigns%2Frecognise-grooming', { 'accept-language': 'es' });
    expect(sw.status).toBe(303);
    expect(sw.headers.get('location')).toBe('/campaigns/recognise-grooming');
    expect(sw.headers.get('set-cookie')).toMatch(/^lang=en; Path=\//);
    const en = await page('/', { 'accept-language': 'es', cookie: 'lang=en' });
    expect(en.text).toContain('<html lang="en">');
    // Never an open redirect.
    expect((await page('/lang/es?next=//evil.example')).headers.get('location')).toBe('/');
  });

  it('confirms only on POST: GET shows a button and changes nothing', async () => {
    await api.ds.query(`UPDATE actions SET require_confirmation = true WHERE slug = 'pledge-to-take-the-course'`);
    const course = await actionId(api.ds, 'pledge-to-take-the-course');
    const form = (await page('/campaigns/human-trafficking-101')).text;
    // The action cache keeps the old setting for up to 2 s; retry the send until it is pending.
    let status = '';
    for (let i = 0; i < 30 && status !== 'pending'; i++) {
      await postForm(`/act/${course}`, { givenName: 'Cy', familyName: 'Confirm', email: `cy${i}@example.org`, zip: '05401', renderedAt: hiddenValue(form, 'renderedAt') });
      [{ status }] = await api.ds.query(`SELECT s.status FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`, [`cy${i}@example.org`]);
      if (status !== 'pending') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('pending');
    const token = 'T'.repeat(43);
    await api.ds.query(`UPDATE submissions SET confirm_token_hash = $1 WHERE status = 'pending'`, [createHash('sha256').update(token).digest('hex')]);
    const get = await page(`/confirm/${token}`);
    expect(get.status).toBe(200);
    expect(get.text).toContain(`action="/confirm/${token}"`);
    expect((await api.ds.query(`SELECT count(*)::int AS n FROM submissions WHERE status = 'pending'`))[0].n).toBe(1);
    const post = await postForm(`/confirm/${token}`, {});
    expect(post.status).toBe(200);
    expect(post.text).toContain('Confirmed');
    expect((await api.ds.query(`SELECT count(*)::int AS n FROM submissions WHERE status = 'pending'`))[0].n).toBe(0);
    expect((await postForm(`/confirm/${'x'.repeat(43)}`, {})).status).toBe(404);
  });

  it('walks a letter for a split ZIP in separate round trips: district choice, recipients, letter, send', async () => {
    const step2 = await page(`/letter/${letter}?zip=10001`);
    expect(step2.status).toBe(200);
    expect(step2.text).toMatch(/type="radio"[^>]*name="district" value="10"/);
    expect(step2.text).toMatch(/type="radio"[^>]*name="district" value="12"/);
    const recipients = await page(`/letter/${letter}?zip=10001&district=12`);
    expect(recipients.status).toBe(200);
    const names = [...recipients.text.matchAll(/<li data-target="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toHaveLength(3);
    const step3 = await page(`/letter/${letter}?zip=10001&district=12&step=3`);
    expect(step3.text).toContain('Please pass the ENABLERS Act');
    expect(step3.text).toMatch(/<textarea[^>]*name="message" maxlength="5000"/);
    const res = await postForm(`/act/${letter}`, {
      givenName: 'Lee',
      familyName: 'Letter',
      email: 'lee.letter@example.org',
      zip: '10001',
      district: '12',
      message: 'Please act.',
      renderedAt: hiddenValue(step3.text, 'renderedAt'),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/thanks/${letter}\\?to=`));
    const [row] = await api.ds.query(`SELECT district FROM submissions s JOIN supporters p ON p.id = s.supporter_id WHERE p.email_normalized = 'lee.letter@example.org'`);
    expect(row.district).toBe(12);
    const thanks = await page(res.headers.get('location')!);
    for (const id of names) expect(thanks.text).toContain(`data-target="${id}"`);
  });

  it('asks again for the district when a split ZIP arrives without one, and for a valid ZIP', async () => {
    expect((await page(`/letter/${letter}?zip=10001&district=55`)).status).toBe(422);
    const bad = await page(`/letter/${letter}?zip=12`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a 5-digit ZIP code');
  });

  it('serves the dashboard and 72 hours of hourly counts', async () => {
    const dash = await page('/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('data-chart');
    expect(dash.text).toContain('data-campaign="recognise-grooming"');
    const hourly = (await getJson(`${api.url}/api/stats/hourly`)).json;
    expect(hourly.hours).toHaveLength(72);
    expect(hourly.hours[71].count).toBeGreaterThanOrEqual(1);
  });
});
