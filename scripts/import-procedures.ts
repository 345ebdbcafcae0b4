/**
 * `npm run import:procedures -- <tệp.csv|tệp.xlsx> [--out <thư mục>] [--dry-run] [--update | --force]`
 *
 * Turns a list of procedures exported from the national procedure database or a
 * provincial publication decision (CSV or XLSX) into procedure files, maps the free text
 * (lists, working days, fees, levels, fields and agencies by name), puts what it could
 * not map under `pending:` of each file, validates the result with the content loader
 * and prints a report in Vietnamese. Guide: docs/huong-dan-dia-phuong.md.
 *
 *   --out <dir>       where to write (default: <content>/procedures)
 *   --content <dir>   the locality's content (default: CONTENT_DIR or content)
 *   --sheet <name>    the XLSX sheet (default: the first with a header row)
 *   --dry-run         report only, write nothing
 *   --update          refresh a procedure whose code already exists: only the fields that
 *                     come from the national database change, local edits stay, and the
 *                     report lists each change per file and field
 *   --force           replace the file of a procedure whose code already exists
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { failingFiles, formatReport } from './lib/import/report.ts';
import { ImportError, importProcedures } from './lib/import/run.ts';

const USAGE = `Cách dùng: npm run import:procedures -- <tệp.csv|tệp.xlsx> [--out <thư mục>] [--content <thư mục>] [--sheet <tên trang>] [--dry-run] [--update | --force]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    content: { type: 'string' },
    sheet: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    update: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const input = positionals[0];
if (values.help || !input) {
  console.log(USAGE);
  process.exit(input || values.help ? 0 : 1);
}
const contentDir = values.content ?? process.env.CONTENT_DIR ?? 'content';
try {
  const report = await importProcedures({
    input,
    contentDir,
    outDir: values.out ?? join(contentDir, 'procedures'),
    dryRun: values['dry-run'],
    force: values.force,
    update: values.update,
    ...(values.sheet ? { sheet: values.sheet } : {}),
  });
  console.log(formatReport(report));
  if (failingFiles(report).length > 0) process.exit(1);
} catch (error) {
  if (error instanceof ImportError) {
    console.error(`✗ ${error.message}`);
    process.exit(1);
  }
  throw error;
}
