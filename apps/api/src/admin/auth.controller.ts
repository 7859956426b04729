import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { SessionsService, StaffActor } from '@app/staff';
import { JsonBodyGuard } from '../http/json-body.guard';
import { CurrentStaff, Roles } from './roles.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { assertSameOrigin } from './staff-auth';

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254)
  email: string;

  @ApiProperty() @IsString() @MaxLength(256)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MaxLength(256)
  newPassword: string;
}

function me(actor: StaffActor, csrfToken: string | null) {
  return { user: { id: actor.id, email: actor.email ?? null, role: actor.role, via: actor.kind === 'token' ? 'token' : 'session' }, csrfToken };
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  private get secure(): boolean {
    return this.cfg.PUBLIC_URL.startsWith('https:');
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary: 'Start a staff session',
    description:
      'Sets the httpOnly `rally_session` cookie and returns the CSRF token that every cookie-authenticated write under /api/admin/ must send as X-CSRF-Token. ' +
      'Wrong email or password: 401 (one answer for both). Too many failures for an account or attempts from an address: 429 with Retry-After.',
  })
  @ApiOkResponse({ description: '{user: {id, email, role}, csrfToken, expiresAt}' })
  @ApiTooManyRequestsResponse({ description: 'Login rate limit reached; see Retry-After' })
  async login(@Body() body: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    assertSameOrigin(req, this.cfg.PUBLIC_URL);
    const result = await this.sessions.login(body.email, body.password, req.ip);
    setSessionCookie(reply, result.sessionId, { secure: this.secure, maxAgeSeconds: this.cfg.STAFF_SESSION_MAX_HOURS * 3600 });
    return { ...me(result.actor, result.csrfToken), expiresAt: result.expiresAt };
  }

  @Post('logout')
  @HttpCode(204)
  @Roles('viewer')
  @ApiOperation({ summary: 'End the staff session (needs X-CSRF-Token)' })
  async logout(@CurrentStaff() actor: StaffActor, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.sessions.logout(actor);
    clearSessionCookie(reply, this.secure);
  }

  @Post('password')
  @HttpCode(204)
  @Roles('viewer')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Change your own password (needs X-CSRF-Token); your other sessions end' })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentStaff() actor: StaffActor) {
    await this.sessions.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Get('me')
  @Roles('viewer')
  @ApiOperation({ summary: 'The signed-in staff member (or API token) and the session’s CSRF token' })
  whoami(@CurrentStaff() actor: StaffActor) {
    return me(actor, actor.sessionHash ? this.sessions.csrfToken(actor.sessionHash) : null);
  }
}
