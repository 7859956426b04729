import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, findControlCharacters, UnprocessableError } from '@app/common';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) =>
      e.constraints?.whitelistValidation ? { field, message: `${field} is not a known field` } : { field, message },
    );
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** 422 for a body holding a control character in `field` (the value is never echoed). */
export function controlCharacterError(field: string): UnprocessableError {
  return new UnprocessableError(`${field} must not contain control characters`, [{ field, message: `${field} must not contain control characters` }]);
}

/**
 * Every body validated against a DTO is checked for control characters (NUL and the other C0
 * controls but tab and line breaks) in every string and key, before the DTO's own rules: no DTO
 * can forget it. One-line fields refuse tab and line breaks too, with IsSingleLine. Plain-object
 * bodies are skipped like the ValidationPipe skips them, so the take-action fast path (a type
 * alias, see TakeActionPipe) pays for its own single check per string and no second walk.
 */
class RallyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      const field = findControlCharacters(value);
      if (field !== undefined) throw controlCharacterError(field || 'body');
    }
    return super.transform(value, metadata);
  }
}

/**
 * Validation for every body and query: unknown fields rejected, values transformed to their
 * types, control characters refused. Failures are 422 problem+json with one entry per field.
 */
export function validationPipe(): ValidationPipe {
  return new RallyValidationPipe({
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
