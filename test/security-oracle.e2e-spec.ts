import { CountersService } from '../libs/counters/src';
import { AdminTestApi, StaffSession, startAdminApi } from './admin-helpers';
import { readStats } from './support/sse';

/**
 * The public count as an oracle for who signed (docs/reliability.md): on an action that counts
 * without confirmation, a new address moves the count and a repeat does not. New actions require
 * confirmation by default; staff may round an action's public figures down to tens under 1,000.
 */
const PASSWORD = 'correct horse battery';

const signer = (name: string) => ({ email: `${name}@example.org`, givenName: 'Oracle', familyName: name, zip: '05401' });

describe('the public count is not an oracle for who signed', () => {
  let api: AdminTestApi;
  let editor: StaffSession;

  const submit = async (actionId: string, name: string) => {
    const res = await api.call('POST', `/api/actions/${actionId}/submissions`, { body: signer(name) });
    expect(res.status).toBe(202);
    return res.json;
  };

  /** A live campaign with one live action created through the admin API, as staff would. */
  const liveAction = async (slug: string, fields: Record<string, unknown>) => {
    const c = await api.call('POST', '/api/admin/campaigns', { session: editor, body: { slug, title: `Campaign ${slug}`, goal: 100 } });
    expect(c.status).toBe(201);
    const a = await api.call('POST', `/api/admin/campaigns/${c.json.id}/actions`, {
      session: editor,
      body: { kind: 'petition', slug: `${slug}-petition`, title: 'Sign it', goal: 100, ...fields },
    });
    expect(a.status).toBe(201);
    expect((await api.call('POST', `/api/admin/actions/${a.json.id}/publish`, { session: editor })).status).toBe(200);
    expect((await api.call('POST', `/api/admin/campaigns/${c.json.id}/publish`, { session: editor })).status).toBe(200);
    return { campaignSlug: slug as string, action: a.json as { id: string; requireConfirmation: boolean; roundPublicCount: boolean } };
  };

  const adminCount = async (id: string) => (await api.call('GET', `/api/admin/actions/${id}`, { session: editor })).json;

  beforeAll(async () => {
    api = await startAdminApi();
    await api.createStaff('editor@example.org', PASSWORD, 'editor');
    editor = await api.login('editor@example.org', PASSWORD);
  });
  afterAll(() => api.close());

  describe('confirmation is the default for new actions', () => {
    it('an action created through the admin API without the field requires confirmation', async () => {
      const { action, campaignSlug } = await liveAction('confirm-default', {});
      expect(action.requireConfirmation).toBe(true);
      expect(action.roundPublicCount).toBe(false);
      expect((await adminCount(action.id)).requireConfirmation).toBe(true);
      const [entry] = await api.ds.query(`SELECT summary FROM audit_log WHERE action = 'action.create' AND entity_id = $1`, [action.id]);
      expect(entry.summary).toMatchObject({ requireConfirmation: true, roundPublicCount: false });

      // A new address and a repeat both leave every count where it was until the owner confirms.
      const before = (await api.call('GET', `/api/stats?campaign=${campaignSlug}`)).json;
      await submit(action.id, 'first');
      const afterNew = (await api.call('GET', `/api/stats?campaign=${campaignSlug}`)).json;
      await submit(action.id, 'first');
      const afterRepeat = (await api.call('GET', `/api/stats?campaign=${campaignSlug}`)).json;
      expect(afterNew).toEqual(before);
      expect(afterRepeat).toEqual(before);
      expect((await adminCount(action.id)).count).toBe(0);
    });

    it('staff can still turn confirmation off explicitly, and the seeded actions keep counting on submission', async () => {
      const { action } = await liveAction('confirm-off', { requireConfirmation: false });
      expect(action.requireConfirmation).toBe(false);
      const seeded = await api.ds.query(`SELECT slug FROM actions WHERE require_confirmation AND slug NOT LIKE 'confirm-default%'`);
      expect(seeded).toEqual([]);
    });

    it('the console form starts with confirmation ticked and rounding unticked', async () => {
      const page = (await api.call('GET', '/admin')).text;
      expect(page).toMatch(/<input id="a-confirm" name="requireConfirmation" type="checkbox"[^>]* checked>/);
      expect(page).toMatch(/<input id="a-round" name="roundPublicCount" type="checkbox"[^>]*>/);
      expect(page).not.toMatch(/<input id="a-round"[^>]* checked>/);
      // The help text says why.
      expect(page).toContain('whether that person has signed');
    });
  });

  describe('an action published with rounded counts', () => {
    let id: string;
    let slug: string;
    let siteBefore: { actionsTaken: number; messagesSent: number; pledgesMade: number };

    /** Everything the public can read about the action's count, in one object. */
    const publicView = async () => {
      const [site, campaignStats, campaign, action, list] = await Promise.all([
        api.call('GET', '/api/stats'),
        api.call('GET', `/api/stats?campaign=${slug}`),
        api.call('GET', `/api/campaigns/${slug}`),
        api.call('GET', `/api/actions/${id}`),
        api.call('GET', '/api/campaigns'),
      ]);
      return {
        site: site.json,
        campaignStats: campaignStats.json,
        campaign: { stats: campaign.json.stats, actions: campaign.json.actions },
        action: { count: action.json.count },
        listed: list.json.find((c: { slug: string }) => c.slug === slug),
      };
    };

    beforeAll(async () => {
      siteBefore = (await api.call('GET', '/api/stats')).json;
      const made = await liveAction('rounded', { requireConfirmation: false });
      slug = made.campaignSlug;
      id = made.action.id;
      const patched = await api.call('PATCH', `/api/admin/actions/${id}`, { session: editor, body: { roundPublicCount: true } });
      expect(patched.status).toBe(200);
      expect(patched.json.roundPublicCount).toBe(true);
      siteBefore = (await api.call('GET', '/api/stats')).json;
    });

    it('turning it on is audited like other action edits', async () => {
      const [entry] = await api.ds.query(`SELECT summary FROM audit_log WHERE action = 'action.update' AND entity_id = $1`, [id]);
      expect(entry.summary).toEqual({ roundPublicCount: { before: false, after: true } });
    });

    it('3 signatures show 0 in the JSON API, the stream and the campaign page; staff see 3', async () => {
      for (const n of [1, 2, 3]) await submit(id, `r${n}`);
      const view = await publicView();
      expect(view.campaignStats).toEqual({ actionsTaken: 0, messagesSent: 0, pledgesMade: 0 });
      expect(view.site).toEqual(siteBefore);
      expect(view.campaign.stats.actionsTaken).toBe(0);
      expect(view.campaign.actions).toEqual([expect.objectContaining({ id, count: 0 })]);
      expect(view.listed.actions[0].count).toBe(0);
      expect(view.action.count).toBe(0);

      const [frame] = await readStats(`${api.url}/api/stats/stream?campaign=${slug}`, () => true);
      expect(frame).toEqual({ actionsTaken: 0, messagesSent: 0, pledgesMade: 0 });
      const [siteFrame] = await readStats(`${api.url}/api/stats/stream`, () => true);
      expect(siteFrame).toEqual(siteBefore);

      const page = (await api.call('GET', `/campaigns/${slug}`)).text;
      expect(page).toContain('<span class="n" data-stat="actionsTaken">0</span>');
      expect(page).toContain('<span class="count">0 of 100</span>');

      expect(await adminCount(id)).toMatchObject({ count: 3, publicCount: 0, roundPublicCount: true });
    });

    it('13 show 10 everywhere public, the live stream moves only by tens, and staff see 13', async () => {
      // The signatures start once the stream has its first frame, so it sees them as live changes.
      let signing: Promise<void> | undefined;
      const seen = await readStats(`${api.url}/api/stats/stream?campaign=${slug}`, (s, all) => {
        if (all.length === 1) {
          signing = (async () => {
            for (let n = 4; n <= 13; n++) await submit(id, `r${n}`);
          })();
          return false;
        }
        return s.actionsTaken === 10;
      });
      await signing;
      expect(seen[0]).toEqual({ actionsTaken: 0, messagesSent: 0, pledgesMade: 0 });
      expect(seen[seen.length - 1]).toEqual({ actionsTaken: 10, messagesSent: 0, pledgesMade: 0 });
      for (const s of seen) expect(s.actionsTaken % 10).toBe(0);

      const view = await publicView();
      expect(view.campaignStats.actionsTaken).toBe(10);
      expect(view.site.actionsTaken).toBe(siteBefore.actionsTaken + 10);
      expect(view.campaign.actions[0].count).toBe(10);
      expect(view.action.count).toBe(10);

      const page = (await api.call('GET', `/campaigns/${slug}`)).text;
      expect(page).toContain('<span class="n" data-stat="actionsTaken">10</span>');
      expect(page).toContain('<span class="count">10 of 100</span>');
      const dashboard = (await api.call('GET', '/dashboard')).text;
      expect(dashboard).toMatch(new RegExp(`<tr data-campaign="${slug}">.*?data-stat-cell="actionsTaken">10</td>`));

      expect(await adminCount(id)).toMatchObject({ count: 13, publicCount: 10 });
      const listed = (await api.call('GET', '/api/admin/campaigns', { session: editor })).json;
      const adminAction = listed.flatMap((c: { actions: Array<{ id: string }> }) => c.actions).find((a: { id: string }) => a.id === id);
      expect(adminAction).toMatchObject({ count: 13, publicCount: 10 });
    });

    it('a repeat and a new signature leave the public figures indistinguishable within one ten', async () => {
      const atStart = await publicView();
      await submit(id, 'r5'); // signed before: a repeat
      const afterRepeat = await publicView();
      expect((await adminCount(id)).count).toBe(13);
      await submit(id, 'r14'); // a new address
      const afterNew = await publicView();
      expect((await adminCount(id)).count).toBe(14);
      expect(afterRepeat).toEqual(atStart);
      expect(afterNew).toEqual(atStart);
    });

    it('the hourly chart leaves the rounded action out', async () => {
      const hours = (await api.call('GET', '/api/stats/hourly')).json.hours as Array<{ count: number }>;
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM submissions WHERE status = 'counted' AND action_id <> $1 AND counted_at >= date_trunc('hour', now()) - interval '71 hours'`,
        [id],
      );
      expect(hours.reduce((s, h) => s + h.count, 0)).toBe(n);
    });

    it('the exact counters still equal a recount, while the public totals add the rounded figure', async () => {
      const counters = api.app.get(CountersService);
      const recount = await counters.recount(slug);
      expect(recount.actionsTaken).toBe(14);
      expect(await counters.exactStats(slug)).toEqual(recount);
      expect(await counters.exactStats()).toEqual(await counters.recount());
      expect((await counters.stats(slug)).actionsTaken).toBe(10);
      expect((await counters.stats()).actionsTaken).toBe((await counters.recount()).actionsTaken - 4);
    });

    it('turning rounding off publishes the exact figure again', async () => {
      expect((await api.call('PATCH', `/api/admin/actions/${id}`, { session: editor, body: { roundPublicCount: false } })).status).toBe(200);
      expect((await api.call('GET', `/api/stats?campaign=${slug}`)).json.actionsTaken).toBe(14);
      expect((await adminCount(id)).publicCount).toBe(14);
    });
  });
});
