import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, rootLogger, UnprocessableError, isUuid } from '@app/common';
import { CountersService, publicTally } from '@app/counters';
import { ActionEntity } from '../action.entity';
import { CampaignEntity } from '../campaign.entity';
import { CampaignsService } from '../campaigns.service';
import { CampaignsRepository, isUniqueViolation } from '../campaigns.repository';
import { CampaignAuditPort, EditorActor, SYSTEM_EDITOR } from './campaign-audit.port';
import { CreateActionDto, CreateCampaignDto, UpdateActionDto, UpdateCampaignDto } from './campaign-admin.dto';
import { letterProblems, Transition, TRANSITIONS } from './letter-rules';

/** Long free-text fields are summarised in the audit log by length, not copied. */
const LONG_FIELDS = new Set(['summary', 'body', 'text', 'bodyTemplate', 'customTargets']);

export interface AdminActionView extends ActionEntity {
  /** Exact actions taken. */
  count: number;
  /** What the public sees: `count`, or rounded down to a ten while `roundPublicCount` applies. */
  publicCount: number;
}

/** Staff see the exact count and, beside it, the figure the public pages show. */
function withCounts(a: ActionEntity, count: number): AdminActionView {
  const publicCount = publicTally({ actionId: a.id, campaignSlug: '', roundPublic: a.roundPublicCount, actionsTaken: count, messagesSent: 0, pledgesMade: 0 }).actionsTaken;
  return Object.assign(a, { count, publicCount });
}

/** Before/after of the fields that changed, small enough for the audit log. */
function diff(before: Record<string, any>, after: Record<string, any>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const show = (k: string, v: unknown) => (LONG_FIELDS.has(k) ? { length: JSON.stringify(v ?? '').length } : v instanceof Date ? v.toISOString() : v);
  for (const k of fields) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { before: show(k, before[k]), after: show(k, after[k]) };
  }
  return out;
}

/**
 * Staff editing of campaigns and actions: create, edit, publish, close, reopen, archive.
 * Each use case is one transaction that also writes its audit entry; afterwards the per-process
 * action cache is invalidated so the public path sees the change (other processes within 2 s).
 */
@Injectable()
export class CampaignAdminService {
  private readonly log = rootLogger().child({ context: 'CampaignAdminService' });

  constructor(
    private readonly repo: CampaignsRepository,
    private readonly campaigns: CampaignsService,
    private readonly audit: CampaignAuditPort,
    private readonly counters: CountersService,
  ) {}

  async listCampaigns(): Promise<Array<CampaignEntity & { actions: AdminActionView[] }>> {
    const list = await this.repo.listCampaigns();
    const actions = await this.actionsWithCounts();
    return list.map((c) => Object.assign(c, { actions: actions.filter((a) => a.campaignId === c.id) }));
  }

  async getCampaign(id: string): Promise<CampaignEntity & { actions: AdminActionView[] }> {
    const c = await this.findCampaign(undefined, id);
    return Object.assign(c, { actions: await this.actionsWithCounts(id) });
  }

  async createCampaign(dto: CreateCampaignDto, actor: EditorActor): Promise<CampaignEntity> {
    return this.write(async (m) => {
      const c = await this.repo.saveCampaign(
        m,
        this.repo.newCampaign({
          slug: dto.slug,
          title: dto.title,
          summary: dto.summary ?? '',
          body: dto.body ?? '',
          goal: dto.goal ?? null,
          position: dto.position ?? 0,
          closesAt: dto.closesAt ? new Date(dto.closesAt) : null,
          status: 'draft',
        }),
      );
      await this.audit.record(m, actor, { action: 'campaign.create', entity: 'campaign', entityId: c.id, summary: { slug: c.slug, title: c.title } });
      return c;
    }, `A campaign with the slug "${dto.slug}" already exists.`);
  }

  async updateCampaign(id: string, dto: UpdateCampaignDto, actor: EditorActor): Promise<CampaignEntity> {
    return this.write(async (m) => {
      const c = await this.findCampaign(m, id, true);
      const before = { ...c };
      if (dto.slug !== undefined && dto.slug !== c.slug && c.status !== 'draft') {
        throw new ConflictError('The slug of a published campaign cannot change: links to it are already out there.');
      }
      for (const k of ['slug', 'title', 'summary', 'body', 'goal', 'position'] as const) {
        if (dto[k] !== undefined) (c as any)[k] = dto[k];
      }
      if (dto.closesAt !== undefined) c.closesAt = dto.closesAt ? new Date(dto.closesAt) : null;
      const saved = await this.repo.saveCampaign(m, c);
      await this.audit.record(m, actor, {
        action: 'campaign.update',
        entity: 'campaign',
        entityId: id,
        summary: diff(before, saved, ['slug', 'title', 'summary', 'body', 'goal', 'position', 'closesAt']),
      });
      return saved;
    }, `A campaign with the slug "${dto.slug}" already exists.`);
  }

  async transitionCampaign(id: string, op: Transition, actor: EditorActor): Promise<CampaignEntity> {
    const saved = await this.write(async (m) => {
      const c = await this.findCampaign(m, id, true);
      const rule = TRANSITIONS[op];
      if (!rule.from.includes(c.status)) throw new ConflictError(`A ${c.status} campaign cannot be ${op === 'publish' ? 'published' : op + 'd'}.`);
      if (rule.to === 'live' && c.closesAt && c.closesAt.getTime() <= Date.now()) {
        throw new UnprocessableError('The closing date has passed; move it first.', [{ field: 'closesAt', message: 'closesAt is in the past' }]);
      }
      const from = c.status;
      c.status = rule.to;
      const saved = await this.repo.saveCampaign(m, c);
      await this.audit.record(m, actor, { action: `campaign.${op}`, entity: 'campaign', entityId: id, summary: { status: { before: from, after: rule.to } } });
      return saved;
    });
    // Cached actions carry their campaign's status.
    this.campaigns.invalidate();
    return saved;
  }

  async getAction(id: string): Promise<AdminActionView> {
    const a = await this.findAction(undefined, id);
    const counts = await this.counters.exactActionsTaken(id);
    return withCounts(a, counts.get(id) ?? 0);
  }

  async createAction(campaignId: string, dto: CreateActionDto, actor: EditorActor): Promise<ActionEntity> {
    return this.write(async (m) => {
      await this.findCampaign(m, campaignId, true);
      // Confirmation unless staff turn it off: without it the public count is an oracle for who signed.
      const a = this.repo.newAction({ campaignId, kind: dto.kind, slug: dto.slug, title: dto.title, status: 'draft', requireConfirmation: true, roundPublicCount: false });
      this.apply(a, dto);
      const saved = await this.repo.saveAction(m, a);
      await this.audit.record(m, actor, {
        action: 'action.create',
        entity: 'action',
        entityId: saved.id,
        summary: { campaignId, kind: saved.kind, slug: saved.slug, requireConfirmation: saved.requireConfirmation, roundPublicCount: saved.roundPublicCount },
      });
      return saved;
    }, `This campaign already has an action with the slug "${dto.slug}".`);
  }

  async updateAction(id: string, dto: UpdateActionDto, actor: EditorActor): Promise<ActionEntity> {
    const saved = await this.write(async (m) => {
      const a = await this.findAction(m, id, true);
      const before = { ...a };
      if (dto.slug !== undefined && dto.slug !== a.slug && a.status !== 'draft') {
        throw new ConflictError('The slug of a published action cannot change: links to it are already out there.');
      }
      if (dto.slug !== undefined) a.slug = dto.slug;
      if (dto.title !== undefined) a.title = dto.title;
      this.apply(a, dto);
      if (a.status === 'live') this.assertComplete(a);
      const result = await this.repo.saveAction(m, a);
      await this.audit.record(m, actor, {
        action: 'action.update',
        entity: 'action',
        entityId: id,
        summary: diff(before, result, [
          'slug', 'title', 'text', 'goal', 'requireConfirmation', 'roundPublicCount', 'subject', 'bodyTemplate', 'editable', 'maxMessageLength', 'targetKinds', 'customTargets', 'closesAt', 'position',
        ]),
      });
      return result;
    }, `This campaign already has an action with the slug "${dto.slug}".`);
    this.campaigns.invalidate(id);
    return saved;
  }

  async transitionAction(id: string, op: Transition, actor: EditorActor): Promise<ActionEntity> {
    const saved = await this.write(async (m) => {
      const a = await this.findAction(m, id, true);
      const rule = TRANSITIONS[op];
      if (!rule.from.includes(a.status)) throw new ConflictError(`A ${a.status} action cannot be ${op === 'publish' ? 'published' : op + 'd'}.`);
      if (rule.to === 'live') {
        this.assertComplete(a);
        if (a.closesAt && a.closesAt.getTime() <= Date.now()) {
          throw new UnprocessableError('The closing date has passed; move it first.', [{ field: 'closesAt', message: 'closesAt is in the past' }]);
        }
      }
      const from = a.status;
      a.status = rule.to;
      const result = await this.repo.saveAction(m, a);
      await this.audit.record(m, actor, { action: `action.${op}`, entity: 'action', entityId: id, summary: { status: { before: from, after: rule.to } } });
      return result;
    });
    this.campaigns.invalidate(id);
    return saved;
  }

  /**
   * Closes live actions and campaigns whose closing date has passed. Called periodically by every
   * API process; the transaction-level advisory lock lets only one do the work at a time.
   * Submissions are already refused after closes_at (CampaignsService), so this only makes the
   * status shown to staff and the public match.
   */
  async closeDue(): Promise<number> {
    const closed = await this.repo.transaction(async (m) => {
      const rows = await this.repo.closeDue(m);
      for (const r of rows) {
        await this.audit.record(m, SYSTEM_EDITOR, { action: `${r.entity}.close`, entity: r.entity, entityId: r.id, summary: { reason: 'closing date reached' } });
      }
      return rows;
    });
    if (closed.length) {
      this.campaigns.invalidate();
      this.log.info({ closed: closed.length }, 'closed actions and campaigns whose closing date passed');
    }
    return closed.length;
  }

  private apply(a: ActionEntity, dto: UpdateActionDto | CreateActionDto): void {
    for (const k of ['text', 'goal', 'requireConfirmation', 'roundPublicCount', 'subject', 'bodyTemplate', 'editable', 'maxMessageLength', 'targetKinds', 'position'] as const) {
      if (dto[k] !== undefined) (a as any)[k] = dto[k];
    }
    if (dto.customTargets !== undefined) a.customTargets = dto.customTargets.map((t) => ({ name: t.name, email: t.email, ...(t.title ? { title: t.title } : {}) }));
    if (dto.closesAt !== undefined) a.closesAt = dto.closesAt ? new Date(dto.closesAt) : null;
  }

  private assertComplete(a: ActionEntity): void {
    const errors = letterProblems(a);
    if (errors.length) throw new UnprocessableError(`This letter is not ready to be live: ${errors.map((e) => e.message).join('; ')}.`, errors);
  }

  /** Runs a use case in a transaction; a duplicate slug becomes 409 instead of a database error. */
  private async write<T>(fn: (m: EntityManager) => Promise<T>, duplicateMessage = 'That slug is already taken.'): Promise<T> {
    try {
      return await this.repo.transaction(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(duplicateMessage);
      throw err;
    }
  }

  private async findCampaign(m: EntityManager | undefined, id: string, lock = false): Promise<CampaignEntity> {
    const c = isUuid(id) ? await this.repo.findCampaign(id, m, lock) : null;
    if (!c) throw new NotFoundError(`No campaign has the id "${id}".`);
    return c;
  }

  private async findAction(m: EntityManager | undefined, id: string, lock = false): Promise<ActionEntity> {
    const a = isUuid(id) ? await this.repo.findAction(id, m, lock) : null;
    if (!a) throw new NotFoundError(`No action has the id "${id}".`);
    return a;
  }

  private async actionsWithCounts(campaignId?: string): Promise<AdminActionView[]> {
    const actions = await this.repo.listActions(campaignId);
    const byId = await this.counters.exactActionsTaken();
    return actions.map((a) => withCounts(a, byId.get(a.id) ?? 0));
  }
}
