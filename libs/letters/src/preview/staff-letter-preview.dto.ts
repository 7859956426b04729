import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';

export class SampleSupporterDto {
  @ApiPropertyOptional({ example: 'Sam' }) @IsOptional() @IsString() @MaxLength(100)
  givenName?: string;

  @ApiPropertyOptional({ example: 'Sample' }) @IsOptional() @IsString() @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({ example: 'Burlington' }) @IsOptional() @IsString() @MaxLength(100)
  city?: string;
}

export class SampleTargetDto {
  @ApiPropertyOptional({ example: 'Senator' }) @IsOptional() @IsString() @MaxLength(100)
  title?: string;

  @ApiProperty({ example: 'Jane Doe' }) @IsString() @Length(1, 200)
  name: string;
}

/** Staff preview: the saved template, or unsaved `subject`/`bodyTemplate`, filled with sample values. */
export class StaffLetterPreviewDto {
  @ApiPropertyOptional({ description: 'Unsaved subject to try instead of the saved one' })
  @IsOptional() @IsString() @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({ description: 'Unsaved body template to try instead of the saved one' })
  @IsOptional() @IsString() @MaxLength(20000)
  bodyTemplate?: string;

  @ApiPropertyOptional({ description: 'The supporter’s own words, for editable letters' })
  @IsOptional() @IsString() @MaxLength(16384)
  message?: string;

  @ApiPropertyOptional({ type: SampleSupporterDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SampleSupporterDto)
  supporter?: SampleSupporterDto;

  @ApiPropertyOptional({ type: SampleTargetDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SampleTargetDto)
  target?: SampleTargetDto;
}
