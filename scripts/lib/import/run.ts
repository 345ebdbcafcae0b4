import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { vietnamDay } from '../../../src/domain/calendar/dates.ts';
import { ContentError, type ContentIssue } from '../../../src/catalogue/issues.ts';
import { parseContentFile } from '../../../src/catalogue/parse.ts';
import { readContentSource } from '../../../src/catalogue/read.ts';
import { buildCatalogue, type ContentSource } from '../../../src/catalogue/validate.ts';
import { type Agency, agencyFile } from '../../../src/schemas/agency.ts';
import { type Field, fieldsFile } from '../../../src/schemas/field.ts';
import { type ColumnKey, findHeaderRow, headerScore, matchHeaders } from './columns.ts';
import { type Cell, type MappedProcedure, type MappingContext, mapRow } from './map.ts';
import { codeOfFile, type ExistingFile, planFiles } from './plan.ts';
import type { ImportReport } from './report.ts';
import { cellText, DELIMITERS, isBlankRow, parseCsv, type Table } from './table.ts';

/**
 * The importer's I/O: reads the CSV or XLSX file, the locality's content (fields,
 * agencies, existing procedures), writes the files, and validates the result with the
 * same loader as `npm run check:content`.
 */

/** A problem with the input itself; the message is for the user, in Vietnamese. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  /** The CSV or XLSX file. */
  input: string;
  /** The content directory (fields, agencies, site): content/ by default. */
  contentDir: string;
  /** Where procedure files go: content/procedures/ by default. */
  outDir: string;
  force?: boolean;
  /** Refresh the national fields of existing files in place, keeping local edits. */
  update?: boolean;
  dryRun?: boolean;
  /** YYYY-MM-DD; today (Vietnam time) by default. */
  today?: string;
  /** XLSX sheet name; the first sheet with a recognisable header by default. */
  sheet?: string;
  /** Paths in the report are relative to this directory. */
  cwd?: string;
}

/** Today in Vietnam (UTC+7), YYYY-MM-DD. */
export const todayInVietnam = (now = new Date()): string => vietnamDay(now);

/** Decodes a CSV file: UTF-8 (with or without BOM) or UTF-16 with BOM ("Unicode Text"). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ImportError(
      'Tệp CSV không phải UTF-8 (chữ có dấu sẽ bị hỏng). Trong Excel chọn Lưu thành (Save As) → "CSV UTF-8 (phân cách bằng dấu phẩy)", hoặc lưu dạng .xlsx.',
    );
  }
}

/**
 * A CSV text as a table: the separator is the one Excel declared on a first line
 * "sep=;", or else the one that gives the best header row.
 */
export function csvTable(text: string): Table {
  const declared = /^\uFEFF?sep=(.)\r?\n/.exec(text);
  if (declared?.[1]) {
    const rows = parseCsv(text.slice(declared[0].length), declared[1]);
    return { rows, delimiter: declared[1] };
  }
  let best: Table = { rows: parseCsv(text, ','), delimiter: ',' };
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const rows = parseCsv(text, delimiter);
    const at = findHeaderRow(rows);
    const score = at >= 0 ? headerScore(rows[at] ?? []) : 0;
    if (score > bestScore) {
      best = { rows, delimiter };
      bestScore = score;
    }
  }
  return best;
}

/** Reads the input file as a table of text cells. */
export async function readTable(
  path: string,
  sheet?: string,
): Promise<Table & { format: 'CSV' | 'XLSX' }> {
  if (!existsSync(path)) throw new ImportError(`Không tìm thấy tệp ${path}.`);
  const ext = extname(path).toLowerCase();
  if (ext === '.xls')
    throw new ImportError(
      'Tệp .xls (Excel 97–2003) chưa đọc được: mở trong Excel hoặc LibreOffice rồi lưu thành .xlsx hoặc CSV UTF-8.',
    );
  if (ext === '.xlsx') {
    let sheets: { sheet: string; data: unknown[][] }[];
    try {
      // Numbers as written in the file: a code such as 1.001193 must not go through a float.
      sheets = await readXlsxFile<string>(await readFile(path), { parseNumber: (s) => s });
    } catch (error) {
      throw new ImportError(
        `Không đọc được tệp Excel ${path} (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    const tables = sheets
      .filter((s) => !sheet || s.sheet === sheet)
      .map((s) => ({
        format: 'XLSX' as const,
        sheet: s.sheet,
        rows: s.data.map((row) => row.map(cellText)),
      }));
    if (tables.length === 0)
      throw new ImportError(
        `Tệp không có trang "${sheet}"; có: ${sheets.map((s) => s.sheet).join(', ')}.`,
      );
    return tables.find((t) => findHeaderRow(t.rows) >= 0) ?? (tables[0] as (typeof tables)[0]);
  }
  return { format: 'CSV', ...csvTable(decodeText(await readFile(path))) };
}

/** Fields and agencies for matching, read leniently: a broken file elsewhere does not stop an import. */
function matchingContent(source: ContentSource): { fields: Field[]; agencies: Agency[] } {
  const fields: Field[] = [];
  const agencies: Agency[] = [];
  for (const file of source.files) {
    if (file.rel === 'fields.yaml') {
      const data = parseContentFile(file.display, file.text, 'yaml').parsed?.data;
      const parsed = fieldsFile.safeParse(data);
      if (parsed.success) fields.push(...parsed.data.fields);
    } else if (/^agencies\/[^/]+\.ya?ml$/.test(file.rel)) {
      const data = parseContentFile(file.display, file.text, 'yaml').parsed?.data;
      const parsed = agencyFile.safeParse(data);
      const slug = basename(file.rel).replace(/\.ya?ml$/, '');
      if (parsed.success) agencies.push({ ...parsed.data, slug, source: file.display });
    }
  }
  return { fields, agencies };
}

/** Procedure files in a directory with their codes. */
async function procedureFiles(dir: string, cwd: string): Promise<ExistingFile[]> {
  if (!existsSync(dir)) return [];
  const out: ExistingFile[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.md')).sort()) {
    const path = join(dir, name);
    const text = await readFile(path, 'utf8');
    const code = codeOfFile(text);
    const file: ExistingFile = { slug: name.slice(0, -3), display: relative(cwd, path), text };
    if (code) file.code = code;
    out.push(file);
  }
  return out;
}

/** The recognised cells and the other cells of one row. */
function cellsOf(
  row: readonly string[],
  columns: ReturnType<typeof matchHeaders>,
): { cells: Map<ColumnKey, Cell>; extras: Cell[] } {
  const cells = new Map<ColumnKey, Cell>();
  const extras: Cell[] = [];
  for (const column of columns) {
    const value = row[column.index] ?? '';
    if (column.key === 'ignore') continue;
    if (column.key) cells.set(column.key, { header: column.header, value });
    else if (column.header && !column.duplicateOf) extras.push({ header: column.header, value });
  }
  return { cells, extras };
}

/**
 * Imports a CSV or XLSX file into procedure files and validates them. Writes
 * nothing with `dryRun`; never replaces a file unless `force`.
 */
export async function importProcedures(options: ImportOptions): Promise<ImportReport> {
  const cwd = options.cwd ?? process.cwd();
  const contentDir = resolve(cwd, options.contentDir);
  const outDir = resolve(cwd, options.outDir);
  const today = options.today ?? todayInVietnam();
  const source = basename(options.input);
  const table = await readTable(resolve(cwd, options.input), options.sheet);
  const headerAt = findHeaderRow(table.rows);
  if (headerAt < 0)
    throw new ImportError(
      'Không tìm thấy dòng tiêu đề: cần ít nhất cột tên thủ tục và một cột khác (mã thủ tục, lĩnh vực, thời hạn…). Xem danh sách tiêu đề cột trong docs/huong-dan-dia-phuong.md.',
    );
  const columns = matchHeaders(table.rows[headerAt] ?? []);
  if (!columns.some((c) => c.key === 'code'))
    throw new ImportError(
      'Không có cột mã thủ tục (ví dụ "Mã thủ tục", "Mã TTHC"). Thêm cột này: mỗi thủ tục cần một mã.',
    );

  const display = relative(cwd, contentDir) || '.';
  const content = await readContentSource(contentDir, display);
  const { fields, agencies } = matchingContent(content);
  const procDir = resolve(contentDir, 'procedures');
  const existing = [
    ...(await procedureFiles(procDir, cwd)),
    ...(outDir === procDir ? [] : await procedureFiles(outDir, cwd)),
  ];
  const dataRows = table.rows.slice(headerAt + 1);
  const inputCodes = dataRows.flatMap(
    (row) =>
      (cellsOf(row, columns).cells.get('code')?.value ?? '').match(/(?:\d|DP)\.\d{6}/g) ?? [],
  );
  const ctx: MappingContext = {
    fields,
    agencies,
    knownCodes: new Set([...existing.flatMap((f) => (f.code ? [f.code] : [])), ...inputCodes]),
    today,
    source,
  };

  if (options.force && options.update)
    throw new ImportError(
      'Chọn một trong hai: --update (cập nhật các trường lấy từ CSDL quốc gia, giữ phần địa phương) hoặc --force (thay cả tệp).',
    );
  const mapped: MappedProcedure[] = [];
  const filled = new Map<number, Set<ColumnKey>>();
  const report: ImportReport = {
    input: options.input,
    format: table.format,
    headerRow: headerAt + 1,
    dataRows: dataRows.filter((r) => !isBlankRow(r)).length,
    columns,
    imported: [],
    skipped: [],
    cells: [],
    failing: [],
    otherIssues: 0,
    unchanged: [],
    dryRun: options.dryRun === true,
    outDir: relative(cwd, outDir) || '.',
  };
  if (table.delimiter) report.delimiter = table.delimiter;
  if (table.sheet) report.sheet = table.sheet;
  dataRows.forEach((row, i) => {
    const { cells, extras } = cellsOf(row, columns);
    const result = mapRow(headerAt + i + 2, cells, extras, ctx);
    filled.set(
      headerAt + i + 2,
      new Set([...cells].filter(([, cell]) => cell.value.trim() !== '').map(([key]) => key)),
    );
    if (result.kind === 'mapped') mapped.push(result.procedure);
    else if (result.kind === 'skipped') report.skipped.push(result.skipped);
    else if (!isBlankRow(row))
      report.skipped.push({
        row: headerAt + i + 2,
        reason: `dòng tiêu đề nhóm, không phải một thủ tục ("${row.join(' ').trim().slice(0, 60)}")`,
        action: 'không cần làm gì',
      });
  });
  const { planned, skipped, unchanged } = planFiles(mapped, existing, {
    force: options.force === true,
    update: options.update === true,
    filled,
    source,
    today,
  });
  report.unchanged = unchanged.map((f) => ({ display: f.display, code: f.code ?? '' }));
  report.skipped.push(...skipped);
  report.skipped.sort((a, b) => a.row - b.row);

  // An updated file stays where it is; new and replaced ones go to the output directory.
  const paths = new Map(
    planned.map((p) => [
      p.slug,
      p.updates ? resolve(cwd, p.updates.display) : join(outDir, `${p.slug}.md`),
    ]),
  );
  for (const p of planned) {
    const imported = {
      display: relative(cwd, paths.get(p.slug) as string),
      row: p.procedure.row,
      code: p.procedure.code,
      title: p.procedure.title,
      pending: (p.procedure.data.pending as unknown[]).length,
    };
    report.imported.push(
      p.replaces
        ? { ...imported, replaces: p.replaces }
        : p.updates
          ? { ...imported, updates: p.updates }
          : imported,
    );
    report.cells.push(...p.procedure.cells);
  }

  // Validate exactly what the catalogue will hold: content/, the output directory's
  // files, and the new ones.
  const files = new Map(content.files.map((f) => [f.rel, f]));
  if (outDir !== procDir) {
    for (const f of await procedureFiles(outDir, cwd)) {
      const rel = `procedures/${f.slug}.md`;
      files.set(rel, {
        rel,
        display: f.display,
        text: await readFile(resolve(cwd, f.display), 'utf8'),
      });
    }
  }
  for (const p of planned) {
    const rel = `procedures/${p.slug}.md`;
    files.set(rel, { rel, display: relative(cwd, paths.get(p.slug) as string), text: p.text });
  }
  const issues = validationIssues({ files: [...files.values()], assets: content.assets });
  const ours = new Set(report.imported.map((f) => f.display));
  report.failing = issues.filter((i) => ours.has(i.file));
  report.otherIssues = issues.length - report.failing.length;

  if (!report.dryRun && planned.length > 0) {
    await mkdir(outDir, { recursive: true });
    for (const p of planned) await writeFile(paths.get(p.slug) as string, p.text, 'utf8');
  }
  return report;
}

/** The content loader's issues for a content source (none when it is valid). */
export function validationIssues(source: ContentSource): ContentIssue[] {
  try {
    buildCatalogue(source);
    return [];
  } catch (error) {
    if (error instanceof ContentError) return error.issues;
    throw error;
  }
}
