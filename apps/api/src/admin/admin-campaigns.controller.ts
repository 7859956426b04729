import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignAdminService, CreateActionDto, CreateCampaignDto, UpdateCampaignDto } from '@app/campaigns';
import { StaffActor } from '@app/staff';
import { JsonBodyGuard } from '../http/json-body.guard';
import { CurrentStaff, Roles } from './roles.decorator';

@ApiTags('admin')
@Controller('api/admin/campaigns')
export class AdminCampaignsController {
  constructor(private readonly admin: CampaignAdminService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Every campaign (any status) with its actions and counts' })
  list() {
    return this.admin.listCampaigns();
  }

  @Post()
  @Roles('editor')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Create a draft campaign; 409 if the slug is taken' })
  create(@Body() body: CreateCampaignDto, @CurrentStaff() actor: StaffActor) {
    return this.admin.createCampaign(body, actor);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One campaign with all its actions' })
  get(@Param('id') id: string) {
    return this.admin.getCampaign(id);
  }

  @Patch(':id')
  @Roles('editor')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Edit a campaign; the slug can change only while it is a draft' })
  update(@Param('id') id: string, @Body() body: UpdateCampaignDto, @CurrentStaff() actor: StaffActor) {
    return this.admin.updateCampaign(id, body, actor);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'draft → live' })
  publish(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionCampaign(id, 'publish', actor);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'live → closed' })
  close(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionCampaign(id, 'close', actor);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'closed → live' })
  reopen(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionCampaign(id, 'reopen', actor);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'draft or closed → archived' })
  archive(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.admin.transitionCampaign(id, 'archive', actor);
  }

  @Post(':id/actions')
  @Roles('editor')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Create a draft action in this campaign; 409 if the slug is taken in the campaign' })
  createAction(@Param('id') id: string, @Body() body: CreateActionDto, @CurrentStaff() actor: StaffActor) {
    return this.admin.createAction(id, body, actor);
  }
}
