import { Injectable, PipeTransform } from '@nestjs/common';
import { parseTakeAction, TakeActionDto } from '@app/submissions';
import { validationPipe } from './validation';

/**
 * A take-action body after TakeActionPipe. A type alias, not the class, so that the global
 * ValidationPipe (which skips plain Object parameters) does not validate the body a second time.
 */
export type ValidTakeAction = Readonly<TakeActionDto>;

/**
 * Validates a take-action body: the fast path for a body that is certainly valid, else the
 * ValidationPipe, which answers 422 with an error per field (or transforms a form's values).
 */
@Injectable()
export class TakeActionPipe implements PipeTransform<unknown, Promise<ValidTakeAction>> {
  private readonly full = validationPipe();

  async transform(value: unknown): Promise<ValidTakeAction> {
    return parseTakeAction(value) ?? ((await this.full.transform(value, { type: 'body', metatype: TakeActionDto })) as TakeActionDto);
  }
}
