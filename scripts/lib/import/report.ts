import { type ContentIssue, formatIssues } from '../../../src/catalogue/issues.ts';
import { COLUMN_LABELS, type ColumnMatch } from './columns.ts';
import type { CellIssue, SkippedRow } from './map.ts';
import type { FieldChange } from './update.ts';
import { columnLetter, DELIMITER_LABELS } from './table.ts';

/** Everything one import did, for the printed report and for tests. */
export interface ImportReport {
  input: string;
  format: 'CSV' | 'XLSX';
  delimiter?: string;
  sheet?: string;
  /** Spreadsheet row of the header (1-based). */
  headerRow: number;
  /** Rows below the header that hold something. */
  dataRows: number;
  columns: ColumnMatch[];
  imported: ImportedFile[];
  /** Existing files that --update found already in line with the input. */
  unchanged: { display: string; code: string }[];
  skipped: SkippedRow[];
  cells: CellIssue[];
  /** Problems the content loader found in the imported files. */
  failing: ContentIssue[];
  /** Problems in other files (not made by this import). */
  otherIssues: number;
  dryRun: boolean;
  /** The output directory as shown to the user. */
  outDir: string;
}

export interface ImportedFile {
  display: string;
  row: number;
  code: string;
  title: string;
  /** Entries under pending: in the file. */
  pending: number;
  /** The file it replaced (--force). */
  replaces?: string;
  /** The file it refreshed in place (--update), field by field. */
  updates?: { display: string; changes: FieldChange[]; kept: string[] };
}

/** The files that failed validation, by path. */
export const failingFiles = (report: ImportReport): string[] => [
  ...new Set(report.failing.map((i) => i.file)),
];

const plural = (n: number, word: string) => `${n} ${word}`;

/** The report in Vietnamese, as `npm run import:procedures` prints it. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const how =
    report.format === 'CSV'
      ? `CSV, ${DELIMITER_LABELS[report.delimiter ?? ','] ?? report.delimiter}`
      : `XLSX, trang "${report.sheet ?? ''}"`;
  lines.push(
    `Nhập thủ tục hành chính từ ${report.input} (${how}; dòng tiêu đề: ${report.headerRow}; ${plural(report.dataRows, 'dòng dữ liệu')})`,
  );
  if (report.dryRun) lines.push('CHẠY THỬ (--dry-run): không ghi tệp nào.');

  const known = report.columns.filter((c) => c.key);
  const unknown = report.columns.filter((c) => !c.key && c.header);
  lines.push('', `Cột đã nhận ra (${known.length}):`);
  for (const c of known) {
    lines.push(`  ${columnLetter(c.index)} "${c.header}" → ${COLUMN_LABELS[c.key ?? 'ignore']}`);
  }
  if (unknown.length > 0) {
    lines.push(
      '',
      `Cột không nhận ra (${unknown.length}); giá trị của chúng được ghi vào pending của từng thủ tục:`,
    );
    for (const c of unknown) {
      lines.push(
        c.duplicateOf
          ? `  ${columnLetter(c.index)} "${c.header}": trùng nghĩa với cột "${c.duplicateOf}", chỉ dùng cột đầu. Cách xử lý: xóa hoặc gộp một trong hai cột.`
          : `  ${columnLetter(c.index)} "${c.header}". Cách xử lý: đổi tiêu đề cột theo danh sách trong docs/huong-dan-dia-phuong.md nếu nó là một trường đã biết; nếu không, bỏ qua.`,
      );
    }
  }

  const added = report.imported.filter((f) => !f.updates);
  const updated = report.imported.filter((f) => f.updates);
  const verb = report.dryRun ? 'Sẽ nhập' : 'Đã nhập';
  lines.push('', `${verb} ${plural(added.length, 'thủ tục')} (vào ${report.outDir}):`);
  for (const f of added) {
    lines.push(
      `  ✓ ${f.display} ← dòng ${f.row}, mã ${f.code}, ${plural(f.pending, 'thông tin chờ xác nhận')}${f.replaces ? ` (thay ${f.replaces})` : ''}`,
    );
  }
  if (updated.length > 0 || report.unchanged.length > 0) {
    lines.push(
      '',
      `${report.dryRun ? 'Sẽ cập nhật' : 'Đã cập nhật'} ${plural(updated.length, 'thủ tục đã có')} (chỉ các trường lấy từ CSDL quốc gia; phần địa phương giữ nguyên):`,
    );
    for (const f of updated) lines.push(...formatUpdate(f));
    for (const f of report.unchanged)
      lines.push(`  = ${f.display} (mã ${f.code}): không có gì thay đổi`);
  }
  if (report.skipped.length > 0) {
    lines.push('', `Bỏ qua ${plural(report.skipped.length, 'dòng')}:`);
    for (const s of report.skipped) {
      lines.push(`  • Dòng ${s.row}: ${s.reason}. Cách xử lý: ${s.action}.`);
    }
  }
  if (report.cells.length > 0) {
    lines.push(
      '',
      `Ô chưa chuyển được hoặc cần kiểm tra (${report.cells.length}); đã ghi vào pending của tệp, xem ở /bien-tap/cho-xac-nhan/:`,
    );
    for (const c of report.cells) {
      const value = c.value ? ` = "${c.value}"` : ' (trống)';
      lines.push(
        `  • Dòng ${c.row}, cột "${c.column}"${value}: ${c.problem}. Cách xử lý: ${c.action}.`,
      );
    }
  }

  lines.push('', 'Kiểm tra bằng bộ nạp nội dung (như npm run check:content):');
  const failing = failingFiles(report);
  if (report.imported.length === 0) {
    lines.push('  Không có tệp nào để kiểm tra.');
  } else if (failing.length === 0) {
    lines.push(`  ✓ ${plural(report.imported.length, 'tệp')} nhập đều hợp lệ.`);
  } else {
    lines.push(
      `  ✗ ${failing.length}/${report.imported.length} tệp chưa hợp lệ; sửa trước khi build (npm run build sẽ dừng):`,
    );
    lines.push(
      ...formatIssues(report.failing)
        .split('\n')
        .slice(1)
        .map((l) => (l ? `  ${l}` : l)),
    );
  }
  if (report.otherIssues > 0) {
    lines.push(
      `  (${plural(report.otherIssues, 'lỗi')} ở các tệp khác, không do lần nhập này; chạy npm run check:content để xem.)`,
    );
  }
  return lines.join('\n');
}

/** One updated file: each changed field with the items removed (−) and added (+). */
function formatUpdate(f: ImportedFile): string[] {
  const u = f.updates as NonNullable<ImportedFile['updates']>;
  const lines = [
    `  ✎ ${u.display} ← dòng ${f.row}, mã ${f.code}: ${plural(u.changes.length, 'trường thay đổi')}`,
  ];
  for (const c of u.changes) lines.push(...formatChange(c));
  if (u.kept.length > 0) lines.push(`      Giữ nguyên: ${u.kept.join(', ')}.`);
  return lines;
}

function formatChange(c: FieldChange): string[] {
  const one = (items: string[]) => (items.length === 0 ? '(trống)' : (items[0] as string));
  if (!c.list) {
    return [`    • ${c.label}: ${one(c.removed)} → ${one(c.added)}`];
  }
  return [
    `    • ${c.label}:`,
    ...c.removed.map((x) => `        − ${x}`),
    ...c.added.map((x) => `        + ${x}`),
  ];
}
