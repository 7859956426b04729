import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { StaffUsersService } from '../accounts/staff-users.service';
import { ApiTokensService } from '../tokens/api-tokens.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { SessionsService } from './sessions.service';

/** Who staff are and how they prove it: accounts, sessions, API tokens. */
@Module({
  imports: [AuditModule],
  providers: [StaffUsersService, SessionsService, LoginRateLimiter, ApiTokensService],
  exports: [StaffUsersService, SessionsService, ApiTokensService],
})
export class StaffAuthModule {}
