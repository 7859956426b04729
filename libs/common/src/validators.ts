import { ValidateBy, ValidationOptions } from 'class-validator';
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
