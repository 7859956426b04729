import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsRowId } from '@app/common';
import { HOLD_REASONS, HoldReason } from '@app/submissions';

export class HeldListQuery {
  @IsOptional()
  @IsUUID('all', { message: 'actionId must be an action id' })
  actionId?: string;

  /** Only signatures held for this reason. */
  @IsOptional()
  @IsIn(HOLD_REASONS, { message: `reason must be one of ${HOLD_REASONS.join(', ')}` })
  reason?: HoldReason;

  /** Keyset paging: the smallest id of the previous page. */
  @IsOptional()
  @IsRowId({ message: 'before must be a submission id' })
  before?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class HeldIdsDto {
  /** Submission ids from GET /api/admin/held; ids that are no longer held are skipped. */
  @IsArray({ message: 'ids must be a list of submission ids' })
  @ArrayMinSize(1, { message: 'ids must name at least one submission' })
  @ArrayMaxSize(1000, { message: 'ids may name at most 1000 submissions at once' })
  @IsRowId({ each: true, message: 'each id must be a submission id' })
  ids: string[];
}
