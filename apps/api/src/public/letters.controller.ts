import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LetterPreviewService, PreviewLetterDto, TargetsQueryDto } from '@app/letters';
import { JsonBodyGuard } from '../http/json-body.guard';

@ApiTags('public')
@Controller('api/actions')
export class LettersController {
  constructor(private readonly letters: LetterPreviewService) {}

  @Get(':id/targets')
  @ApiOperation({
    summary: 'Who a letter action would go to for a ZIP code',
    description: 'A ZIP spanning several districts needs `district` (422 with field district otherwise). Unknown ZIP: 422 with field zip.',
  })
  @ApiOkResponse({ description: '{zip, targets: [{id, name, chamber, state, district, deliverable}]}' })
  targets(@Param('id') id: string, @Query() query: TargetsQueryDto) {
    return this.letters.targetsFor(id, query);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary: 'Preview the letters a supporter would send',
    description:
      'Renders the subject and, for every target, the letter text exactly as it will be delivered. Nothing is stored. ' +
      'Unknown action: 404; closed or unpublished: 409; not a letter, split ZIP without district, message too long: 422.',
  })
  @ApiOkResponse({ description: '{subject, targets: [{id, name, chamber, state, district, deliverable}], letters: [{targetId, subject, text}]}' })
  preview(@Param('id') id: string, @Body() body: PreviewLetterDto) {
    return this.letters.preview(id, body);
  }
}
