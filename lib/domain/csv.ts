// CSV for spreadsheets: RFC 4180 fields and records, with formula injection neutralised.
// Reports carry text people typed (display names, reasons, namespaces), and a spreadsheet
// runs a cell that starts like a formula (OWASP, "CSV Injection").

export type CsvValue = string | number | boolean | Date | null | undefined;

/** Excel reads a file without a byte order mark as the local code page, not UTF-8. */
export const CSV_BOM = '\uFEFF';

/** RFC 4180 ends every record with CRLF, the last one included. */
const EOL = '\r\n';

// Spreadsheets start a formula at these; tab and CR too, as some trim them first.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

// A field holding a separator, a quote or a line break must be quoted (RFC 4180 §2.6).
const NEEDS_QUOTES = /[",\r\n]/;

function text(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * One field: the value as text, a leading `'` when text would start a formula (the quote keeps
 * it text, and a reader sees why), then quoted with inner quotes doubled where needed. Numbers
 * are left alone: `-5` is a number to a spreadsheet, never a formula, and stays summable.
 */
export function csvField(value: CsvValue): string {
  let s = text(value);
  if (typeof value === 'string' && s.length > 0 && FORMULA_START.has(s[0]!)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One record, CRLF-terminated. */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + EOL;
}

/** A whole document: the header record, then one record per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvRecord(header) + rows.map(csvRecord).join('');
}
