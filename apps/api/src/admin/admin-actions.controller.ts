import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CampaignAdminService, UpdateActionDto } from '@app/campaigns';
import { StaffLetterPreviewDto, StaffLetterPreviewService } from '@app/letters';
import { DeliveryMonitorService, StaffActor, SubmissionsExportService } from '@app/staff';
import { JsonBodyGuard } from '../http/json-body.guard';
import { FailedLettersQuery } from './list-queries.dto';
import { CurrentStaff, Roles } from './roles.decorator';

@ApiTags('admin')
@Controller('api/admin/actions')
export class AdminActionsController {
  constructor(
    private readonly admin: CampaignAdminService,
    private readonly delivery: DeliveryMonitorService,
    private readonly exports: SubmissionsExportService,
    private readonly previews: StaffLetterPreviewService,
  ) {}

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One action (any status) with its count' })
  get(@Param('id') id: string) {
    return this.admin.getAction(id);
  }

  @Patch(':id')
  @Roles('editor')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Edit an action; a live letter must stay complete (422 otherwise); the slug can change only while it is a draft' })
  update(@Param('id') id: string, @Body() body: UpdateActionDto, @CurrentStaff() actor: StaffActor) {
    return this.admin.updateAction(id, body, actor);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'draft → live; a letter needs a subject, body template and targets (422 naming what is missing)' })
  publish(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionAction(id, 'publish', actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'live → closed' })
  close(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionAction(id, 'close', actor);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'closed → live (422 if the closing date has passed)' })
  reopen(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionAction(id, 'reopen', actor);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'draft or closed → archived' })
  archive(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionAction(id, 'archive', actor);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @Roles('editor')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary: 'Preview a letter action in any status with a sample supporter and target',
    description: 'Optionally try an unsaved subject or bodyTemplate. Same renderer as delivery. Nothing is stored.',
  })
  preview(@Param('id') id: string, @Body() body: StaffLetterPreviewDto) {
    return this.previews.preview(id, body);
  }

  @Get(':id/delivery')
  @Roles('viewer')
  @ApiOperation({ summary: 'Letters of this action by status: awaitingConfirmation, queued, sending, sent, failed, cancelled' })
  deliveryCounts(@Param('id') id: string) {
    return this.delivery.counts(id).then((list) => list[0]);
  }

  @Get(':id/delivery/failed')
  @Roles('viewer')
  @ApiOperation({ summary: 'Failed letters, newest first: id, target name, attempts, reason (addresses masked)' })
  failed(@Param('id') id: string, @Query() query: FailedLettersQuery) {
    return this.delivery.failed(id, query);
  }

  @Post(':id/delivery/retry-failed')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Re-queue every failed letter of this action: {requeued}' })
  retryFailed(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.delivery.retryFailedForAction(id, actor);
  }

  @Get(':id/submissions.csv')
  @Roles('editor')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'Signers as CSV (personal data: editors and admins only), streamed in constant memory; cells that could run as spreadsheet formulas are prefixed with an apostrophe',
  })
  async exportCsv(@Param('id') id: string, @CurrentStaff() actor: StaffActor, @Res() reply: FastifyReply) {
    const { filename, stream } = await this.exports.open(id, actor);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(stream);
  }
}
