import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@app/common';
import { SubmissionsService } from '@app/submissions';

@ApiTags('public')
@Controller('api/confirmations')
export class ConfirmationsController {
  constructor(private readonly submissions: SubmissionsService) {}

  /** Only a POST confirms: mail scanners that GET every link must not confirm for anyone. */
  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a submission with the token from its confirmation email' })
  async confirm(@Param('token') token: string) {
    const result = await this.submissions.confirm(token);
    if (!result.found) throw new NotFoundError('This confirmation link is not valid. It may have been mistyped or expired.');
    return { status: 'confirmed' };
  }
}
