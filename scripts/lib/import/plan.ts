import { Document } from 'yaml';
import { formatDate } from '../../../src/domain/format.ts';
import { slugify } from '../../../src/domain/text/slug.ts';
import type { ColumnKey } from './columns.ts';
import type { MappedProcedure, SkippedRow } from './map.ts';
import { type FieldChange, updateFile } from './update.ts';

/**
 * Where each mapped procedure goes: its file name, whether it replaces a file, and the
 * file's text. Pure: the caller lists the existing files and writes the result.
 */

/** A procedure file already in the catalogue or in the output directory. */
export interface ExistingFile {
  slug: string;
  /** Its `code:`, when it has one. */
  code?: string;
  /** Path to show, e.g. content/procedures/dang-ky-khai-sinh.md. */
  display: string;
  /** Its text, needed to update it in place (--update). */
  text?: string;
}

export interface PlannedFile {
  slug: string;
  procedure: MappedProcedure;
  /** The existing file (same code) this one replaces, with --force. */
  replaces?: string;
  /** The existing file (same code) this one refreshes, with --update, and what changed. */
  updates?: { display: string; changes: FieldChange[]; kept: string[] };
  text: string;
}

/** File names taken by catalogue pages under /thu-tuc/ (src/catalogue/validate.ts). */
export const RESERVED_SLUGS = new Set(['linh-vuc', 'cap', 'truc-tuyen', 'trang']);

/** The frontmatter's `code:` of a procedure file, without parsing the whole file. */
export function codeOfFile(text: string): string | undefined {
  const front = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  return /^code:\s*["']?([^"'\s#]+)/m.exec(front)?.[1];
}

/** The Markdown file of a procedure: a comment, the YAML frontmatter and an empty body. */
export function procedureFileText(
  procedure: MappedProcedure,
  source: string,
  today: string,
): string {
  const doc = new Document(procedure.data);
  doc.commentBefore = ` Nhập từ ${source}, dòng ${procedure.row}, ngày ${formatDate(today)} (npm run import:procedures).\n Đối chiếu với quyết định công bố, sửa các mục trong pending rồi xóa chúng.`;
  return `---\n${doc.toString({ lineWidth: 0 })}---\n`;
}

/**
 * Chooses a file per procedure. A code already in the catalogue (or the output
 * directory) is skipped unless `force`, which then rewrites that file; a code seen
 * earlier in the same input is skipped; a file name taken by another procedure gets
 * the code appended ("dang-ky-khai-sinh-1-001193").
 */
export function planFiles(
  procedures: readonly MappedProcedure[],
  existing: readonly ExistingFile[],
  options: {
    force: boolean;
    source: string;
    today: string;
    /** Refresh existing files' national fields in place (--update). */
    update?: boolean;
    /** The columns holding something, per spreadsheet row (for --update). */
    filled?: ReadonlyMap<number, ReadonlySet<ColumnKey>>;
  },
): { planned: PlannedFile[]; skipped: SkippedRow[]; unchanged: ExistingFile[] } {
  const unchanged: ExistingFile[] = [];
  const byCode = new Map<string, ExistingFile>();
  for (const file of existing) if (file.code) byCode.set(file.code, file);
  const taken = new Set([...existing.map((f) => f.slug), ...RESERVED_SLUGS]);
  const seen = new Map<string, number>();
  const planned: PlannedFile[] = [];
  const skipped: SkippedRow[] = [];
  for (const procedure of procedures) {
    const twin = seen.get(procedure.code);
    if (twin !== undefined) {
      skipped.push({
        row: procedure.row,
        reason: `mã ${procedure.code} trùng với dòng ${twin}`,
        action: 'giữ một dòng cho mỗi mã thủ tục',
      });
      continue;
    }
    seen.set(procedure.code, procedure.row);
    const old = byCode.get(procedure.code);
    if (old && options.update && old.text !== undefined) {
      const updated = updateFile(
        old.text,
        procedure,
        options.filled?.get(procedure.row) ?? new Set(),
      );
      if (updated.changes.length === 0) unchanged.push(old);
      else
        planned.push({
          slug: old.slug,
          procedure,
          text: updated.text,
          updates: { display: old.display, changes: updated.changes, kept: updated.kept },
        });
      continue;
    }
    if (old && !options.force) {
      skipped.push({
        row: procedure.row,
        reason: `mã ${procedure.code} đã có trong ${old.display}`,
        action:
          'không ghi đè; chạy lại với --update để cập nhật các trường lấy từ CSDL quốc gia và giữ phần địa phương, hoặc --force để thay cả tệp',
      });
      continue;
    }
    let slug = old?.slug ?? slugify(procedure.title);
    if (!old && (taken.has(slug) || !slug)) slug = slugify(`${slug} ${procedure.code}`, 80);
    taken.add(slug);
    const file: PlannedFile = {
      slug,
      procedure,
      text: procedureFileText(procedure, options.source, options.today),
    };
    if (old) file.replaces = old.display;
    planned.push(file);
  }
  return { planned, skipped, unchanged };
}
