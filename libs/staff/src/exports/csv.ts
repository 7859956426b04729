/**
 * RFC 4180 CSV with spreadsheet formula injection defused: a cell a supporter typed that starts
 * with = + - @ tab or carriage return would run as a formula when staff open the export in a
 * spreadsheet, so it gets a leading apostrophe (OWASP's advice), then quoting as needed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
