import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsRowId } from '@app/common';

/** Query of GET /api/admin/audit. Paging by keyset: `before` is the smallest id of the previous page. */
export class AuditListQuery {
  @ApiPropertyOptional({ description: 'entry id to page from' })
  @IsOptional()
  @IsRowId({ message: 'before must be an audit entry id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1 to 500' })
  @Max(500, { message: 'limit must be 1 to 500' })
  limit?: number;

  @ApiPropertyOptional({ example: 'campaign' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entity must be an entity name such as campaign, action, staff_user' })
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'entityId must be at most 100 characters' })
  entityId?: string;
}

/** Query of GET /api/admin/actions/:id/delivery/failed. */
export class FailedLettersQuery {
  @ApiPropertyOptional({ description: 'message id to page from' })
  @IsOptional()
  @IsRowId({ message: 'before must be a message id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1 to 1000' })
  @Max(1000, { message: 'limit must be 1 to 1000' })
  limit?: number;
}
