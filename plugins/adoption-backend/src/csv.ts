import stringify from 'csv-stringify/lib/sync';

export type CsvValue = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula: a search term or comment starting with =, +, -, @, tab or CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Rows as CSV (RFC 4180, CRLF) with a header row of the columns given, in their order. Text that a spreadsheet
 * would take for a formula is prefixed with `'` (numbers are written as they are).
 */
export function toCsv(columns: string[], rows: ReadonlyArray<object>): string {
  return stringify(
    rows.map(row =>
      columns.map(c => {
        const v = (row as Record<string, CsvValue>)[c];
        if (v === null || v === undefined) return '';
        if (typeof v === 'string' && FORMULA_START.test(v)) return `'${v}`;
        return String(v);
      }),
    ),
    {
      header: true,
      columns,
      record_delimiter: '\r\n',
      // A line break inside a field is quoted too, not only the record delimiter.
      quoted_match: /[\r\n]/,
    },
  );
}
