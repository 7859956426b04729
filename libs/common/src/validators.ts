import { isUUID, ValidateBy, ValidationOptions } from 'class-validator';
import { isEmailAddress } from './email';
import { LINE_CONTROL_CHARACTERS } from './text';

/** class-validator decorator for isEmailAddress. */
export function IsEmailAddress(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value) => isEmailAddress(value),
        defaultMessage: (args) => `${args?.property ?? 'email'} must be a valid email address`,
      },
    },
    options,
  );
}

/**
 * One-line text (a name): no tab or line break either. Every other control character is refused
 * for every field by the shared validation before the decorators run.
 */
export function IsSingleLine(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isSingleLine',
      validator: {
        validate: (value) => typeof value !== 'string' || !LINE_CONTROL_CHARACTERS.test(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a single line without control characters`,
      },
    },
    options,
  );
}

/**
 * Ids as they arrive in paths and queries. Rows of campaigns, actions and staff tables have UUID
 * keys; submissions, messages and audit entries have bigint keys, written as 1 to 18 digits so
 * that any accepted value fits a Postgres bigint. Services test an id before querying so that a
 * malformed one answers 404 (never a 500 from Postgres refusing the cast); DTOs refuse it with 422.
 */
export const isUuid = (value: unknown): value is string => isUUID(value, 'all');

const ROW_ID = /^\d{1,18}$/;
export const isRowId = (value: unknown): value is string => typeof value === 'string' && ROW_ID.test(value);

/** class-validator decorator for isRowId (a bigint id in a query or body; `each` for arrays). */
export function IsRowId(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isRowId',
      validator: {
        validate: (value) => isRowId(value),
        defaultMessage: (args) => `${args?.property ?? 'id'} must be an id`,
      },
    },
    options,
  );
}
