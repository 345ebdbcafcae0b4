/**
 * A spreadsheet as the importer sees it: rows of text cells, whatever the source
 * (CSV in UTF-8 with or without BOM, comma, semicolon or tab separated; or an XLSX
 * sheet read by read-excel-file). Pure: no file system here.
 */

/** One sheet of text cells; `rows[i]` is spreadsheet row `i + 1`. */
export interface Table {
  rows: string[][];
  /** The separator of a CSV file; undefined for XLSX. */
  delimiter?: string;
  /** The sheet name of an XLSX file. */
  sheet?: string;
}

export const DELIMITERS = [';', ',', '\t'] as const;

/** Vietnamese name of a CSV separator, for the report. */
export const DELIMITER_LABELS: Record<string, string> = {
  ';': 'dấu chấm phẩy',
  ',': 'dấu phẩy',
  '\t': 'dấu tab',
};

/** Removes a UTF-8 byte order mark. */
export const stripBom = (text: string): string => text.replace(/^\uFEFF/, '');

/**
 * Parses CSV (RFC 4180): quoted cells may hold the separator, doubled quotes and
 * line breaks; CRLF, LF and CR all end a record. Line breaks inside cells become LF.
 */
export function parseCsv(input: string, delimiter: string): string[][] {
  const text = stripBom(input);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else if (ch === '\r') {
        cell += '\n';
        if (text[i + 1] === '\n') i++;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === delimiter) endCell();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** Formats a date cell of a spreadsheet as dd/mm/yyyy (how Vietnamese documents write it). */
export function formatDateCell(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${date.getUTCFullYear()}`;
}

/** One XLSX cell as text: numbers as written, dates as dd/mm/yyyy, booleans as Có/Không. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatDateCell(value);
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  return String(value).replace(/\r\n?/g, '\n');
}

/** True when every cell of a row is blank. */
export const isBlankRow = (row: readonly string[]): boolean =>
  row.every((cell) => cell.trim() === '');

/** Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
