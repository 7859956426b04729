import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CampaignsService } from '@app/campaigns';
import { CountersService } from '@app/counters';
import { SubmissionsService, TakeActionDto } from '@app/submissions';
import { JsonBodyGuard } from '../http/json-body.guard';
import { TakeActionPipe, ValidTakeAction } from '../http/take-action.pipe';
import { pickLang } from '../web/i18n';

/** Only the origin of a referring page is kept: its path may carry someone's data. */
export function referrerOrigin(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(header).origin.slice(0, 200);
  } catch {
    return undefined;
  }
}

@ApiTags('public')
@Controller('api/actions')
export class ActionsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly submissions: SubmissionsService,
    private readonly counters: CountersService,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One published action; letters include subject, body template, editable and target kinds' })
  async get(@Param('id') id: string) {
    const { action, campaign } = await this.campaigns.getPublishedAction(id);
    const tally = (await this.counters.tallies()).find((t) => t.actionId === action.id);
    const base = {
      id: action.id,
      slug: action.slug,
      kind: action.kind,
      title: action.title,
      text: action.text,
      goal: action.goal,
      status: action.status,
      count: tally?.actionsTaken ?? 0,
      requireConfirmation: action.requireConfirmation,
      campaign: { slug: campaign.slug, title: campaign.title },
    };
    if (action.kind !== 'letter') return base;
    return {
      ...base,
      subject: action.subject,
      body: action.bodyTemplate,
      editable: action.editable,
      maxMessageLength: action.maxMessageLength,
      targetKinds: action.targetKinds,
      messagesSent: tally?.messagesSent ?? 0,
    };
  }

  @Post(':id/submissions')
  @HttpCode(202)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary: 'Take an action',
    description:
      'Records the submission once per email and action. A repeat answers exactly like a first submission; the supporter is told by email instead. ' +
      'Closed or unpublished action: 409. Unknown action: 404. Invalid fields: 422 with errors per field.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the identical answer' })
  @ApiAcceptedResponse({ description: '{status: "received", targets: [{id, name, chamber, state, district, deliverable}]}' })
  @ApiBody({ type: TakeActionDto })
  async submit(
    @Param('id') id: string,
    @Body(TakeActionPipe) body: ValidTakeAction,
    @Req() req: FastifyRequest,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.submissions.takeAction(id, body, {
      idempotencyKey,
      ip: req.ip,
      referrer: referrerOrigin(req.headers.referer),
      // API callers get their supporter's emails in the language they ask for (English by default).
      lang: pickLang(undefined, req.headers['accept-language']),
    });
  }
}
