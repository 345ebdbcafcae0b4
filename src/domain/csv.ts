/**
 * CSV for spreadsheet programs used in Vietnamese offices: UTF-8 with a byte
 * order mark (so Excel shows diacritics), CRLF line ends, every cell quoted, and
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) neutralised
 * with a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
