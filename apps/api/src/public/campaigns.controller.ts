import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionEntity, CampaignEntity, CampaignsService } from '@app/campaigns';
import { CountersService, sumTallies, type ActionTally } from '@app/counters';

function actionSummary(a: ActionEntity, tallies: Map<string, ActionTally>) {
  const t = tallies.get(a.id);
  return { id: a.id, slug: a.slug, kind: a.kind, title: a.title, goal: a.goal, status: a.status, count: t?.actionsTaken ?? 0 };
}

function campaignView(c: CampaignEntity, tallies: ActionTally[]) {
  const byAction = new Map(tallies.map((t) => [t.actionId, t]));
  return {
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    body: c.body,
    status: c.status,
    goal: c.goal,
    stats: sumTallies(tallies, c.slug),
    actions: (c.actions ?? []).map((a) => actionSummary(a, byAction)),
  };
}

@ApiTags('public')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly counters: CountersService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Live campaigns with their actions and counts' })
  @ApiOkResponse({ description: '[{slug, title, summary, status, stats, actions: [{id, slug, kind, title, goal, count}]}]' })
  async list() {
    const [list, tallies] = await Promise.all([this.campaigns.listLive(), this.counters.tallies()]);
    return list.map((c) => campaignView(c, tallies));
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One published campaign with its actions; 404 if unknown or not published' })
  async get(@Param('slug') slug: string) {
    const [c, tallies] = await Promise.all([this.campaigns.getPublished(slug), this.counters.tallies()]);
    return campaignView(c, tallies);
  }
}
