import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { HeldSubmissionsService } from '@app/abuse';
import { AuditService, StaffActor } from '@app/staff';
import { CurrentStaff, Roles } from '../admin/roles.decorator';
import { HeldIdsDto, HeldListQuery } from './held.dto';

/**
 * Signatures held as suspicious (throwaway mailbox, a burst from one domain or network, a form
 * bot signal). They are kept out of the counters until their email is confirmed; staff may
 * remove them in bulk or let them count.
 */
@ApiTags('admin')
@Controller('api/admin/held')
export class HeldController {
  constructor(
    private readonly held: HeldSubmissionsService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Held submissions, newest first: id, action, time, email domain, IP group (hashed), ZIP, hold reason' })
  list(@Query() q: HeldListQuery) {
    return this.held.list({ actionId: q.actionId, reason: q.reason, beforeId: q.before, limit: q.limit });
  }

  @Post('remove')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Remove held submissions in bulk (their unsent mail is cancelled); answers {removed}' })
  async remove(@Body() body: HeldIdsDto, @CurrentStaff() actor: StaffActor) {
    const removed = await this.held.remove(body.ids);
    await this.audit.record(this.ds, actor, { action: 'held.remove', entity: 'submission', summary: { requested: body.ids.length, removed } });
    return { removed };
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Let held submissions count without email confirmation (their letters are released); answers {approved}' })
  async approve(@Body() body: HeldIdsDto, @CurrentStaff() actor: StaffActor) {
    const approved = await this.held.approve(body.ids);
    await this.audit.record(this.ds, actor, { action: 'held.approve', entity: 'submission', summary: { requested: body.ids.length, approved } });
    return { approved };
  }
}
