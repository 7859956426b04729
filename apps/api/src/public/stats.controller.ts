import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CampaignsService } from '@app/campaigns';
import { CountersService, StatsBroadcaster } from '@app/counters';

@ApiTags('public')
@Controller('api/stats')
export class StatsController {
  constructor(
    private readonly counters: CountersService,
    private readonly broadcaster: StatsBroadcaster,
    private readonly campaigns: CampaignsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Actions Taken, Messages Sent and Pledges Made for the site, or one campaign',
    description:
      'The sum of each action’s public figures. An action whose staff chose rounded counts adds its figures rounded down to a ' +
      'multiple of ten while it has fewer than 1,000 actions taken, so that the total does not show who signed.',
  })
  @ApiQuery({ name: 'campaign', required: false })
  async get(@Query('campaign') campaign?: string) {
    if (campaign !== undefined) await this.campaigns.getPublished(campaign);
    return this.counters.stats(campaign);
  }

  @Get('stream')
  @ApiOperation({ summary: 'Server-sent events: an event `stats` at once and after every change' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'campaign', required: false })
  async stream(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('campaign') campaign?: string) {
    if (campaign !== undefined) await this.campaigns.getPublished(campaign);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      // Headers set so far (the security headers) go out too: a hijacked reply skips Fastify's.
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const remove = await this.broadcaster.add(
      {
        write: (frame) => {
          if (!res.writableEnded) res.write(frame);
        },
        end: () => {
          if (!res.writableEnded) res.end();
        },
      },
      campaign,
    );
    req.raw.on('close', remove);
  }
}
