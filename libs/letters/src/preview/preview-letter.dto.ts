import { Transform } from 'class-transformer';
import { IsSingleLine, trimText } from '@app/common';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

const district = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value) : value);

/** Where a supporter is, to find their targets (query of GET /api/actions/:id/targets). */
export class TargetsQueryDto {
  @Transform(trimText)
  @IsString()
  @Matches(/^\d{5}(-\d{4})?$/, { message: 'zip must be a 5-digit ZIP code or ZIP+4 (12345 or 12345-6789)' })
  zip: string;

  /** Congressional district, needed when the ZIP spans several (0 for at-large). */
  @IsOptional()
  @Transform(district)
  @IsInt({ message: 'district must be a whole number' })
  @Min(0)
  @Max(99)
  district?: number;
}

/** What a supporter has typed so far; the preview shows the letters exactly as they will be sent. */
export class PreviewLetterDto extends TargetsQueryDto {
  @IsOptional()
  @Transform(trimText)
  @IsString()
  @Length(0, 100, { message: 'givenName must be at most 100 characters' })
  @IsSingleLine()
  givenName?: string;

  @IsOptional()
  @Transform(trimText)
  @IsString()
  @Length(0, 100, { message: 'familyName must be at most 100 characters' })
  @IsSingleLine()
  familyName?: string;

  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(300, { message: 'address must be at most 300 characters' })
  address?: string;

  /** The supporter's own words (16 KiB at most; an action may set a lower limit). */
  @IsOptional()
  @IsString()
  @MaxLength(16384, { message: 'message must be at most 16384 characters' })
  message?: string;
}
