import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CampaignsService } from '@app/campaigns';
import { CountersService, sumTallies } from '@app/counters';
import { HourlyStatsService } from './hourly.service';
import { PageContextFactory } from './page-context';
import { sendPage } from './send-page';
import { dashboardPage } from './views/dashboard';
import { adminPage } from './views/admin';
import { AssetsService } from './assets';
import { WebErrorFilter } from './web-error.filter';

/** The wall-screen dashboard, the small JSON feed its chart refreshes from, and the staff console shell. */
@ApiTags('public')
@Controller()
export class DashboardController {
  constructor(
    private readonly pages: PageContextFactory,
    private readonly campaigns: CampaignsService,
    private readonly counters: CountersService,
    private readonly hourlyStats: HourlyStatsService,
    private readonly assets: AssetsService,
  ) {}

  /** The staff console shell; the data comes from the admin API, which checks the session. */
  @Get('admin')
  @ApiExcludeEndpoint()
  @UseFilters(WebErrorFilter)
  admin(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, adminPage(this.pages.fromRequest(req), this.assets.url('admin.js'), this.assets.url('admin.css')));
  }

  @Get('dashboard')
  @ApiExcludeEndpoint()
  @UseFilters(WebErrorFilter)
  async dashboard(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const [list, tallies, hours] = await Promise.all([this.campaigns.listLive(), this.counters.tallies(), this.hourlyStats.hourly()]);
    const ctx = this.pages.fromRequest(req);
    const campaigns = list.map((campaign) => ({ campaign, stats: sumTallies(tallies, campaign.slug) }));
    sendPage(reply, 200, dashboardPage(ctx, { site: sumTallies(tallies), campaigns, hours }));
  }

  @Get('api/stats/hourly')
  @ApiOperation({ summary: 'Actions counted per hour over the last 72 hours (UTC hours, oldest first)' })
  @ApiOkResponse({ description: '{hours: [{hour: "2026-01-01T13:00:00.000Z", count: 12}, ...]} with 72 entries' })
  async hourly() {
    return { hours: await this.hourlyStats.hourly() };
  }
}
