import { Body, Controller, Delete, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiTokensService, AuditService, ROLES, SessionsService, StaffActor, StaffRole, StaffUsersService, TOKEN_LIFETIME_DAYS } from '@app/staff';
import { JsonBodyGuard } from '../http/json-body.guard';
import { AuditListQuery } from './list-queries.dto';
import { CurrentStaff, Roles } from './roles.decorator';

export class CreateStaffUserDto {
  @ApiProperty() @IsString() @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MaxLength(256)
  password: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES as unknown as string[], { message: 'role must be admin, editor or viewer' })
  role: StaffRole;
}

export class UpdateStaffUserDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES as unknown as string[], { message: 'role must be admin, editor or viewer' })
  role?: StaffRole;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ minLength: 8 }) @IsOptional() @IsString() @MaxLength(256)
  password?: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'CRM sync' }) @IsString() @MaxLength(100)
  name: string;

  @ApiProperty({ enum: ROLES, description: 'The most it may do; it never does more than its creator’s current role' })
  @IsIn(ROLES as unknown as string[], { message: 'role must be admin, editor or viewer' })
  role: StaffRole;

  @ApiPropertyOptional({ minimum: TOKEN_LIFETIME_DAYS.min, maximum: TOKEN_LIFETIME_DAYS.max, default: TOKEN_LIFETIME_DAYS.default, description: 'Days until it expires' })
  @IsOptional() @IsInt() @Min(TOKEN_LIFETIME_DAYS.min) @Max(TOKEN_LIFETIME_DAYS.max)
  expiresInDays?: number;
}

@ApiTags('admin')
@Controller('api/admin')
export class AdminStaffController {
  constructor(
    private readonly users: StaffUsersService,
    private readonly tokens: ApiTokensService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('users')
  @Roles('admin')
  @ApiOperation({ summary: 'Staff accounts' })
  listUsers() {
    return this.users.list();
  }

  @Post('users')
  @Roles('admin')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Create a staff account; 409 if the email exists (case-insensitive)' })
  createUser(@Body() body: CreateStaffUserDto, @CurrentStaff() actor: StaffActor) {
    return this.users.create(body, actor);
  }

  @Patch('users/:id')
  @Roles('admin')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Change role, password or disable; ends the account’s sessions' })
  updateUser(@Param('id') id: string, @Body() body: UpdateStaffUserDto, @CurrentStaff() actor: StaffActor) {
    return this.users.update(id, body, actor);
  }

  @Get('users/:id/sessions')
  @Roles('admin')
  @ApiOperation({ summary: 'A staff member’s live sessions (created, last seen, expires)' })
  async listSessions(@Param('id') id: string) {
    await this.users.get(id);
    return this.sessions.listForUser(id);
  }

  @Delete('users/:id/sessions')
  @Roles('admin')
  @ApiOperation({ summary: 'Sign a staff member out everywhere: {ended}' })
  async endSessions(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    await this.users.get(id);
    return this.sessions.endAllForUser(id, actor);
  }

  @Get('tokens')
  @Roles('admin')
  @ApiOperation({ summary: 'API tokens (never their secret), with expiresAt, status and the role each acts with now (actsAs)' })
  listTokens() {
    return this.tokens.list();
  }

  @Post('tokens')
  @Roles('admin')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary:
      'Create an API token for an integration; the `token` is shown only in this answer. Use it as Authorization: Bearer <token>. ' +
      'It acts with the lesser of its role and its creator’s current role, stops when its creator is disabled, and expires after expiresInDays (default 90)',
  })
  createToken(@Body() body: CreateApiTokenDto, @CurrentStaff() actor: StaffActor) {
    return this.tokens.create(body, actor);
  }

  @Delete('tokens/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke an API token; it stops working at once' })
  revokeToken(@Param('id') id: string, @CurrentStaff() actor: StaffActor) {
    return this.tokens.revoke(id, actor);
  }

  @Get('audit')
  @Roles('admin')
  @ApiOperation({ summary: 'The audit log, newest first (append-only)' })
  listAudit(@Query() query: AuditListQuery) {
    return this.audit.list(query);
  }
}
