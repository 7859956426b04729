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

/**
 * Control characters no text input carries, even multi-line text (a letter's message): every C0
 * control but tab, line feed and carriage return, and DEL. NUL among them: Postgres refuses it.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** For one-line text (names, codes, emails): every C0 control, tab and line breaks included, and DEL. */
export const LINE_CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * The path (`address.line1`, `ids.2`) of the first string in a parsed body (keys included) that
 * holds a character of CONTROL_CHARACTERS; undefined when there is none. Iterative, so a body
 * nested thousands of levels deep cannot overflow the stack.
 */
export function findControlCharacters(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL_CHARACTERS.test(v)) return path;
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${key}` : key;
        if (CONTROL_CHARACTERS.test(key)) return path || 'body';
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}
