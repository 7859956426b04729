import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeliveryMonitorService, StaffActor } from '@app/staff';
import { CurrentStaff, Roles } from './roles.decorator';

@ApiTags('admin')
@Controller('api/admin')
export class AdminDeliveryController {
  constructor(private readonly delivery: DeliveryMonitorService) {}

  @Get('delivery')
  @Roles('viewer')
  @ApiOperation({ summary: 'Letters by status for every action that has any' })
  counts() {
    return this.delivery.counts();
  }

  @Get('queues')
  @Roles('viewer')
  @ApiOperation({ summary: 'Job counts per queue (waiting, active, delayed, failed, completed, prioritized)' })
  queues() {
    return this.delivery.queues();
  }

  @Post('messages/:id/retry')
  @HttpCode(200)
  @Roles('editor')
  @ApiOperation({ summary: 'Re-queue one failed message; 409 if it has not failed' })
  retry(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.delivery.retryMessage(id, actor);
  }
}
