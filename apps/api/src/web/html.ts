/**
 * A tiny HTML template helper: `html` is a tagged template that escapes every interpolated
 * value unless it is already `Html` (another `html` result, or a string passed through `raw()`).
 * Arrays are joined, null/undefined/false render nothing. No view engine: views are functions.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

/** Marks trusted markup (only for strings this codebase wrote itself, never user input). */
export function raw(value: string): Html {
  return new Html(value);
}

export type Interpolation = Html | string | number | boolean | null | undefined | Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** `attr` renders a boolean attribute only when true: html`<input ${attr('checked', on)}>` */
export function attr(name: string, on: boolean | undefined): Html {
  return new Html(on ? ` ${name}` : '');
}
