import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, UnprocessableError } from '@app/common';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) =>
      e.constraints?.whitelistValidation ? { field, message: `${field} is not a known field` } : { field, message },
    );
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Validation for every body and query: unknown fields rejected, values transformed to their
 * types. Failures are 422 problem+json with one entry per field.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new UnprocessableError(list.map((e) => e.message).join('; ') || 'The request is not valid.', list);
    },
  });
}
