import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmailAddress, trimText } from '@app/common';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'slug must be lower-case letters and digits separated by single hyphens';

export class CreateCampaignDto {
  @ApiProperty({ example: 'pass-the-enablers-act' })
  @Transform(trimText) @IsString() @Length(1, 80) @Matches(SLUG, { message: SLUG_MESSAGE })
  slug: string;

  @ApiProperty() @Transform(trimText) @IsString() @Length(1, 200)
  title: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000)
  summary?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000)
  body?: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000)
  goal?: number | null;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100000)
  position?: number;

  @ApiPropertyOptional({ nullable: true, description: 'ISO 8601; the campaign closes automatically then' })
  @IsOptional() @IsDateString({}, { message: 'closesAt must be an ISO 8601 date' })
  closesAt?: string | null;
}

export class UpdateCampaignDto {
  @ApiPropertyOptional({ description: 'Only while the campaign is a draft: published links must keep working' })
  @IsOptional() @Transform(trimText) @IsString() @Length(1, 80) @Matches(SLUG, { message: SLUG_MESSAGE })
  slug?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trimText) @IsString() @Length(1, 200)
  title?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000)
  summary?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000)
  body?: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000)
  goal?: number | null;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100000)
  position?: number;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateString({}, { message: 'closesAt must be an ISO 8601 date' })
  closesAt?: string | null;
}

export class CustomTargetDto {
  @ApiProperty() @Transform(trimText) @IsString() @Length(1, 200)
  name: string;

  @ApiProperty() @Transform(trimText) @IsString() @MaxLength(254) @IsEmailAddress()
  email: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trimText) @IsString() @MaxLength(100)
  title?: string;
}

class ActionFieldsDto {
  @ApiPropertyOptional({ description: 'Pledge or petition statement, or the introduction of a letter' })
  @IsOptional() @IsString() @MaxLength(20000)
  text?: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000)
  goal?: number | null;

  @ApiPropertyOptional({
    description:
      'Count a submission only once the supporter confirms it from the email. Defaults to true for a new action: without it, ' +
      'whether the public count moves tells anyone who submits an address whether that address had already signed.',
  })
  @IsOptional() @IsBoolean()
  requireConfirmation?: boolean;

  @ApiPropertyOptional({
    description:
      'Publish this action’s figures rounded down to a multiple of ten while it has fewer than 1,000 actions taken (site and ' +
      'campaign totals add the rounded figure). Staff see exact figures. Defaults to false.',
  })
  @IsOptional() @IsBoolean()
  roundPublicCount?: boolean;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(300)
  subject?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Placeholders: {{target.title}} {{target.name}} {{message}} {{supporter.name}} {{supporter.city}}' })
  @IsOptional() @IsString() @MaxLength(20000)
  bodyTemplate?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  editable?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(16384)
  maxMessageLength?: number;

  @ApiPropertyOptional({ isArray: true, enum: ['senate', 'house', 'custom'] })
  @IsOptional() @IsArray() @ArrayMaxSize(3) @IsIn(['senate', 'house', 'custom'], { each: true, message: 'targetKinds must contain only senate, house or custom' })
  targetKinds?: Array<'senate' | 'house' | 'custom'>;

  @ApiPropertyOptional({ type: [CustomTargetDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => CustomTargetDto)
  customTargets?: CustomTargetDto[];

  @ApiPropertyOptional({ nullable: true, description: 'ISO 8601; the action closes automatically then' })
  @IsOptional() @IsDateString({}, { message: 'closesAt must be an ISO 8601 date' })
  closesAt?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100000)
  position?: number;
}

export class CreateActionDto extends ActionFieldsDto {
  @ApiProperty({ enum: ['pledge', 'petition', 'letter'] })
  @IsIn(['pledge', 'petition', 'letter'], { message: 'kind must be pledge, petition or letter' })
  kind: 'pledge' | 'petition' | 'letter';

  @ApiProperty() @Transform(trimText) @IsString() @Length(1, 80) @Matches(SLUG, { message: SLUG_MESSAGE })
  slug: string;

  @ApiProperty() @Transform(trimText) @IsString() @Length(1, 200)
  title: string;
}

export class UpdateActionDto extends ActionFieldsDto {
  @ApiPropertyOptional({ description: 'Only while the action is a draft' })
  @IsOptional() @Transform(trimText) @IsString() @Length(1, 80) @Matches(SLUG, { message: SLUG_MESSAGE })
  slug?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trimText) @IsString() @Length(1, 200)
  title?: string;
}
