import { QueryFailedError, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, UnprocessableError } from '@app/common';
import type { CountersService } from '@app/counters';
import { strict } from '../../../../test/support/strict-fake';
import type { ActionEntity } from '../action.entity';
import type { CampaignEntity } from '../campaign.entity';
import type { CampaignsRepository } from '../campaigns.repository';
import type { CampaignsService } from '../campaigns.service';
import { AdminActionView, CampaignAdminService } from './campaign-admin.service';
import type { CampaignAuditEntry, CampaignAuditPort, EditorActor } from './campaign-audit.port';

const C1 = '11111111-1111-4111-8111-111111111111';
const A1 = '22222222-2222-4222-8222-222222222222';
const STAFF: EditorActor = { kind: 'staff', id: '7' };
/** The transaction manager the repository hands out: audit entries must be written with it. */
const TX = { tx: true } as unknown as EntityManager;

const campaign = (extra: Partial<CampaignEntity> = {}) => ({ id: C1, slug: 'clean-air', title: 'Clean air', summary: '', body: '', status: 'draft', goal: null, position: 0, closesAt: null, ...extra }) as CampaignEntity;
const letter = (extra: Partial<ActionEntity> = {}) =>
  ({ id: A1, campaignId: C1, kind: 'letter', slug: 'write', title: 'Write', status: 'draft', subject: 'S', bodyTemplate: 'Dear {{target.name}}', targetKinds: ['senate'], customTargets: [], closesAt: null, roundPublicCount: false, ...extra }) as ActionEntity;

function setup(opts: { campaign?: CampaignEntity; action?: ActionEntity; saveError?: unknown; counts?: Map<string, number>; closed?: Array<{ entity: 'action' | 'campaign'; id: string }> } = {}) {
  const audit: Array<{ m: unknown; actor: EditorActor; entry: CampaignAuditEntry }> = [];
  const saved: unknown[] = [];
  const invalidated: Array<string | undefined> = [];
  const save = async <T>(m: EntityManager, e: T): Promise<T> => {
    expect(m).toBe(TX);
    if (opts.saveError) throw opts.saveError;
    saved.push({ ...e });
    return { id: (e as { id?: string }).id ?? 'new-id', ...e };
  };
  const repo = strict<CampaignsRepository>({
    transaction: async <T>(fn: (m: EntityManager) => Promise<T>) => fn(TX),
    async findCampaign(id: string, m?: EntityManager, lock?: boolean) {
      if (m) expect({ m, lock }).toEqual({ m: TX, lock: true });
      return opts.campaign && opts.campaign.id === id ? { ...opts.campaign } : null;
    },
    async findAction(id: string, m?: EntityManager, lock?: boolean) {
      if (m) expect({ m, lock }).toEqual({ m: TX, lock: true });
      return opts.action && opts.action.id === id ? { ...opts.action } : null;
    },
    newCampaign: (f: Partial<CampaignEntity>) => ({ ...f }) as CampaignEntity,
    newAction: (f: Partial<ActionEntity>) => ({ ...f }) as ActionEntity,
    saveCampaign: save,
    saveAction: save,
    listCampaigns: async () => [campaign()],
    listActions: async () => (opts.action ? [{ ...opts.action }] : []),
    closeDue: async () => opts.closed ?? [],
  });
  const campaigns = strict<CampaignsService>({ invalidate: (id?: string) => void invalidated.push(id) });
  const auditPort = strict<CampaignAuditPort>({ record: async (m, actor, entry) => void audit.push({ m, actor, entry }) });
  const counters = strict<CountersService>({ exactActionsTaken: async () => opts.counts ?? new Map() });
  return { service: new CampaignAdminService(repo, campaigns, auditPort, counters), audit, saved, invalidated };
}

describe('CampaignAdminService: campaigns', () => {
  it('creates a draft campaign and audits it in the same transaction', async () => {
    const { service, audit, saved } = setup();
    await service.createCampaign({ slug: 'clean-air', title: 'Clean air' }, STAFF);
    expect(saved).toEqual([{ slug: 'clean-air', title: 'Clean air', summary: '', body: '', goal: null, position: 0, closesAt: null, status: 'draft' }]);
    expect(audit).toEqual([{ m: TX, actor: STAFF, entry: { action: 'campaign.create', entity: 'campaign', entityId: 'new-id', summary: { slug: 'clean-air', title: 'Clean air' } } }]);
  });

  it('turns a duplicate slug into 409 with the slug named', async () => {
    const duplicate = new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505' }));
    const { service, audit } = setup({ saveError: duplicate });
    await expect(service.createCampaign({ slug: 'clean-air', title: 'x' }, STAFF)).rejects.toThrow(new ConflictError('A campaign with the slug "clean-air" already exists.'));
    expect(audit).toEqual([]);
  });

  it('keeps the slug of a published campaign, and audits an edit as before/after with long fields by length', async () => {
    const live = setup({ campaign: campaign({ status: 'live' }) });
    await expect(live.service.updateCampaign(C1, { slug: 'other' }, STAFF)).rejects.toThrow(ConflictError);
    expect(live.saved).toEqual([]);

    const { service, audit } = setup({ campaign: campaign({ status: 'live' }) });
    await service.updateCampaign(C1, { title: 'Cleaner air', body: 'four', slug: 'clean-air' }, STAFF);
    expect(audit[0].entry).toEqual({
      action: 'campaign.update',
      entity: 'campaign',
      entityId: C1,
      summary: { title: { before: 'Clean air', after: 'Cleaner air' }, body: { before: { length: 2 }, after: { length: 6 } } },
    });
  });

  it('publishes a draft, refuses transitions its status does not allow, and a closing date in the past', async () => {
    const { service, audit, invalidated } = setup({ campaign: campaign() });
    const saved = await service.transitionCampaign(C1, 'publish', STAFF);
    expect(saved.status).toBe('live');
    expect(audit[0].entry).toEqual({ action: 'campaign.publish', entity: 'campaign', entityId: C1, summary: { status: { before: 'draft', after: 'live' } } });
    expect(invalidated).toEqual([undefined]);

    await expect(setup({ campaign: campaign() }).service.transitionCampaign(C1, 'close', STAFF)).rejects.toThrow('A draft campaign cannot be closed.');
    await expect(setup({ campaign: campaign({ status: 'live' }) }).service.transitionCampaign(C1, 'archive', STAFF)).rejects.toThrow('A live campaign cannot be archived.');
    const past = setup({ campaign: campaign({ status: 'closed', closesAt: new Date(Date.now() - 1000) }) });
    await expect(past.service.transitionCampaign(C1, 'reopen', STAFF)).rejects.toThrow(UnprocessableError);
    expect(past.audit).toEqual([]);
  });

  it('answers 404 for an unknown or malformed id without asking the database about a malformed one', async () => {
    const { service } = setup();
    await expect(service.getCampaign(C1)).rejects.toThrow(NotFoundError);
    await expect(service.getCampaign('not-a-uuid')).rejects.toThrow('No campaign has the id "not-a-uuid".');
    await expect(service.getAction('../etc')).rejects.toThrow(NotFoundError);
  });
});

describe('CampaignAdminService: actions', () => {
  it('creates actions with confirmation on unless staff turn it off', async () => {
    const { service, saved, audit } = setup({ campaign: campaign() });
    await service.createAction(C1, { kind: 'petition', slug: 'sign', title: 'Sign' }, STAFF);
    expect(saved[0]).toMatchObject({ campaignId: C1, status: 'draft', requireConfirmation: true, roundPublicCount: false });
    await service.createAction(C1, { kind: 'petition', slug: 'sign-2', title: 'Sign', requireConfirmation: false }, STAFF);
    expect(saved[1]).toMatchObject({ requireConfirmation: false });
    expect(audit.map((a) => a.entry.action)).toEqual(['action.create', 'action.create']);
  });

  it('will not publish a letter that is not ready, naming each missing field', async () => {
    const { service, saved } = setup({ action: letter({ subject: ' ', targetKinds: ['custom'], customTargets: [{ name: 'Mayor', email: 'not-an-email' }] }) });
    const err = await service.transitionAction(A1, 'publish', STAFF).catch((e) => e);
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err.errors.map((e: { field: string }) => e.field)).toEqual(['subject', 'customTargets.0.email']);
    expect(saved).toEqual([]);
  });

  it('checks a live letter on every edit, and invalidates the cached action after a change', async () => {
    const live = setup({ action: letter({ status: 'live' }) });
    await expect(live.service.updateAction(A1, { bodyTemplate: '' }, STAFF)).rejects.toThrow('not ready to be live');
    expect(live.invalidated).toEqual([]);

    const ok = setup({ action: letter({ status: 'live' }) });
    await ok.service.updateAction(A1, { roundPublicCount: true, customTargets: [{ name: ' A ', email: 'a@example.org', title: '' }] }, STAFF);
    expect(ok.saved[0]).toMatchObject({ roundPublicCount: true, customTargets: [{ name: ' A ', email: 'a@example.org' }] });
    expect(ok.audit[0].entry.summary).toEqual({ roundPublicCount: { before: false, after: true }, customTargets: { before: { length: 2 }, after: { length: JSON.stringify([{ name: ' A ', email: 'a@example.org' }]).length } } });
    // An empty title is dropped, not stored.
    expect(ok.saved[0]).not.toHaveProperty('customTargets.0.title');
    expect(ok.invalidated).toEqual([A1]);
  });

  it('shows staff the exact count beside the rounded public figure', async () => {
    const { service } = setup({ action: letter({ roundPublicCount: true }), counts: new Map([[A1, 47]]) });
    expect(await service.getAction(A1)).toMatchObject({ count: 47, publicCount: 40 });
    const [c] = await service.listCampaigns();
    expect((c.actions as AdminActionView[]).map((a) => [a.count, a.publicCount])).toEqual([[47, 40]]);
  });

  it('closes what is due as Rally itself, one audit entry each', async () => {
    const { service, audit, invalidated } = setup({ closed: [{ entity: 'action', id: A1 }, { entity: 'campaign', id: C1 }] });
    expect(await service.closeDue()).toBe(2);
    expect(audit).toEqual([
      { m: TX, actor: { kind: 'system', id: null }, entry: { action: 'action.close', entity: 'action', entityId: A1, summary: { reason: 'closing date reached' } } },
      { m: TX, actor: { kind: 'system', id: null }, entry: { action: 'campaign.close', entity: 'campaign', entityId: C1, summary: { reason: 'closing date reached' } } },
    ]);
    expect(invalidated).toEqual([undefined]);
    const none = setup();
    expect(await none.service.closeDue()).toBe(0);
    expect(none.invalidated).toEqual([]);
  });
});
