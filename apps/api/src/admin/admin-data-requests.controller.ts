import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { trimText } from '@app/common';
import { DataRequestsService, StaffActor } from '@app/staff';
import { JsonBodyGuard } from '../http/json-body.guard';
import { CurrentStaff, Roles } from './roles.decorator';

/** The address goes in a POST body, never a URL: URLs end up in logs and browser history. */
export class DataRequestDto {
  @ApiProperty()
  @Transform(trimText)
  @IsString() @MaxLength(254) @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;
}

@ApiTags('admin')
@Controller('api/admin/data-requests')
export class AdminDataRequestsController {
  constructor(private readonly requests: DataRequestsService) {}

  @Post('export')
  @HttpCode(200)
  @Roles('admin')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Everything Rally holds about a supporter, as JSON; 404 if none' })
  export(@Body() body: DataRequestDto, @CurrentStaff() actor: StaffActor) {
    return this.requests.export(body.email, actor);
  }

  @Post('erase')
  @HttpCode(200)
  @Roles('admin')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Erase a supporter’s personal data; their submissions still count. Unsent messages are cancelled' })
  erase(@Body() body: DataRequestDto, @CurrentStaff() actor: StaffActor) {
    return this.requests.erase(body.email, actor);
  }
}
