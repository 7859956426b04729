import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ConflictError, NotFoundError, isUuid } from '@app/common';
import { CampaignEntity } from './campaign.entity';
import { ActionEntity } from './action.entity';


export interface LiveAction {
  action: ActionEntity;
  campaign: CampaignEntity;
}

/**
 * Reading campaigns and actions for the public site and the take-action path.
 * Actions used by submissions are cached briefly per process; the submission statement itself
 * re-checks that the action is live, so a cached entry can never let a closed action count.
 */
@Injectable()
export class CampaignsService {
  private readonly actionCache = new Map<string, { value: LiveAction | null; expires: number }>();
  private static readonly CACHE_MS = 2000;

  constructor(
    @InjectRepository(CampaignEntity) private readonly campaigns: Repository<CampaignEntity>,
    @InjectRepository(ActionEntity) private readonly actions: Repository<ActionEntity>,
  ) {}

  /** Live campaigns, in staff order, with their public (live or closed) actions. */
  async listLive(): Promise<CampaignEntity[]> {
    const list = await this.campaigns.find({ where: { status: 'live' }, order: { position: 'ASC', createdAt: 'ASC' } });
    await this.attachPublicActions(list);
    return list;
  }

  /** A published (live or closed) campaign by slug, or 404. */
  async getPublished(slug: string): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findOne({ where: { slug, status: In(['live', 'closed']) } });
    if (!campaign) throw new NotFoundError(`No published campaign is called "${slug}".`);
    await this.attachPublicActions([campaign]);
    return campaign;
  }

  /** A published action and its campaign by id, or 404 (also for ids that are not UUIDs). */
  async getPublishedAction(id: string): Promise<LiveAction> {
    const found = isUuid(id) ? await this.loadAction(id) : null;
    if (!found || found.action.status === 'draft' || found.action.status === 'archived' || found.campaign.status === 'draft' || found.campaign.status === 'archived') {
      throw new NotFoundError(`No published action has the id "${id}".`);
    }
    return found;
  }

  /** The action a submission is for: 404 if unknown, 409 unless it and its campaign are live. */
  async getActionForSubmission(id: string): Promise<LiveAction> {
    if (!isUuid(id)) throw new NotFoundError(`No action has the id "${id}".`);
    const now = Date.now();
    let entry = this.actionCache.get(id);
    if (!entry || entry.expires < now) {
      entry = { value: await this.loadAction(id), expires: now + CampaignsService.CACHE_MS };
      this.actionCache.set(id, entry);
    }
    return this.assertOpen(id, entry.value);
  }

  /** Called when a submission statement found the action no longer live: reload and explain. */
  async refreshAndAssertOpen(id: string): Promise<LiveAction> {
    this.actionCache.delete(id);
    const value = await this.loadAction(id);
    this.actionCache.set(id, { value, expires: Date.now() + CampaignsService.CACHE_MS });
    return this.assertOpen(id, value);
  }

  invalidate(actionId?: string): void {
    if (actionId) this.actionCache.delete(actionId);
    else this.actionCache.clear();
  }

  private assertOpen(id: string, found: LiveAction | null): LiveAction {
    if (!found) throw new NotFoundError(`No action has the id "${id}".`);
    const { action, campaign } = found;
    if (action.status !== 'live' || campaign.status !== 'live') {
      throw new ConflictError(action.status === 'draft' || campaign.status === 'draft' ? 'This action is not published.' : 'This action is closed and no longer takes part.');
    }
    if (action.closesAt && action.closesAt.getTime() <= Date.now()) throw new ConflictError('This action is closed and no longer takes part.');
    return found;
  }

  private async loadAction(id: string): Promise<LiveAction | null> {
    const action = await this.actions.findOne({ where: { id }, relations: { campaign: true } });
    if (!action || !action.campaign) return null;
    return { action, campaign: action.campaign };
  }

  private async attachPublicActions(list: CampaignEntity[]): Promise<void> {
    if (!list.length) return;
    const actions = await this.actions.find({
      where: { campaignId: In(list.map((c) => c.id)), status: In(['live', 'closed']) },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    for (const c of list) c.actions = actions.filter((a) => a.campaignId === c.id);
  }
}
