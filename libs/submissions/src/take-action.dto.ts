import { Transform } from 'class-transformer';
import { keepText, trimText } from '@app/common';
import { isEmail, IsBoolean, IsInt, ValidateBy, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';


/**
 * A deliverable email address: no IP domains, a top-level domain, and no character that stood in
 * for a broken one (the validator library throws on a lone surrogate, so text is made well-formed first).
 */
function IsEmailAddress() {
  return ValidateBy({
    name: 'isEmailAddress',
    validator: {
      validate: (value) => typeof value === 'string' && !value.includes('\ufffd') && isEmail(value, { allow_ip_domain: false, require_tld: true }),
      defaultMessage: () => 'email must be a valid email address',
    },
  });
}

/** What a supporter sends to take an action. Unknown fields are rejected by the ValidationPipe. */
export class TakeActionDto {
  @Transform(trimText)
  @IsString()
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmailAddress()
  email: string;

  @Transform(trimText)
  @IsString()
  @Length(1, 100, { message: 'givenName must be 1 to 100 characters' })
  givenName: string;

  @Transform(trimText)
  @IsString()
  @Length(1, 100, { message: 'familyName must be 1 to 100 characters' })
  familyName: string;

  @Transform(trimText)
  @IsString()
  @Matches(/^\d{5}(-\d{4})?$/, { message: 'zip must be a 5-digit ZIP code or ZIP+4 (12345 or 12345-6789)' })
  zip: string;

  /** Congressional district, needed when the ZIP spans several (0 for at-large). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value) : value))
  @IsInt({ message: 'district must be a whole number' })
  @Min(0)
  @Max(99)
  district?: number;

  @IsOptional()
  @Transform(trimText)
  @IsString()
  @MaxLength(300, { message: 'address must be at most 300 characters' })
  address?: string;

  /** The supporter's own words for a letter (16 KiB at most; an action may set a lower limit). */
  @IsOptional()
  @Transform(keepText)
  @IsString()
  @MaxLength(16384, { message: 'message must be at most 16384 characters' })
  message?: string;

  @IsOptional()
  @Transform(({ value }) => (value === 'on' || value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'emailOptIn must be true or false' })
  emailOptIn?: boolean;

  @IsOptional()
  @Transform(trimText)
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'source must be 1 to 64 letters, digits, dots, dashes or underscores' })
  source?: string;
}
