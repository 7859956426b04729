/**
 * A string with every lone UTF-16 surrogate replaced by U+FFFD. JSON can carry a lone surrogate
 * ("\ud800") but Postgres' jsonb and most libraries refuse it; a real name or address never has one.
 */
export function wellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** class-transformer `@Transform` for text fields: trimmed and well-formed; other types pass through for the validators to refuse. */
export const trimText = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? wellFormed(value.trim()) : value);

/** `@Transform` for text kept as typed (a letter body): well-formed only. */
export const keepText = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? wellFormed(value) : value);
