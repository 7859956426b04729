import { stringify as stringifyStream, type Stringifier } from 'csv-stringify';
import { stringify, type Options } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV (CRLF records) written by csv-stringify, with spreadsheet formula injection
 * defused: a cell a supporter typed that starts with = + - @ tab or carriage return (or their
 * full-width forms) would run as a formula when staff open the export in a spreadsheet, so it
 * gets a leading apostrophe (OWASP's advice, the library's `escape_formulas`), then quoting as
 * needed. Line breaks and leading or trailing spaces are quoted too, so every reader keeps them.
 */
const OPTIONS: Options = {
  record_delimiter: 'windows',
  escape_formulas: true,
  // (A leading tab or CR is defused with the apostrophe instead, so it is no longer leading.)
  quoted_match: [/[\r\n]/, /^[^\S\t\r]|\s$/],
  cast: { date: (d) => d.toISOString(), boolean: (b) => String(b) },
};

/** One record as CSV text, with the same options as the stream. */
export function csvRow(values: unknown[]): string {
  return stringify([values], OPTIONS);
}

export function csvCell(value: unknown): string {
  return csvRow([value]).slice(0, -2);
}

/** A stream that turns records (arrays of cells) into CSV text, with backpressure both ways. */
export function csvStream(): Stringifier {
  return stringifyStream(OPTIONS);
}
