/**
 * `npm run gen:units -- --from don-vi.csv [--out content] [--province "Khánh Hòa"] [--province-code H32] [--dry-run]`
 *
 * Writes the agency files of every commune-level unit of the list (UBND, Trung tâm Phục vụ
 * hành chính công, Văn phòng HĐND-UBND, Phòng Kinh tế, Phòng Văn hóa – Xã hội, Công an) and
 * the units.yaml entries (the unit, the units merged into it on 01/07/2025), then validates
 * the content directory as the build does. Run it again after editing the list: files nobody
 * edited are brought up to date, hand-edited ones are refused with a diff, files without
 * the generated-file line are never touched. See docs/huong-dan-dia-phuong.md, mục 2.12.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { ContentError } from '../src/catalogue/issues.ts';
import { loadCatalogue } from '../src/catalogue/read.ts';
import {
  applyPlan,
  PROVINCE_UBND,
  planUnits,
  readFrom,
  readUnitRows,
  UnitListError,
} from './lib/gen-units.ts';
import { parseCsv } from './lib/import/table.ts';
import { decodeText, readTable } from './lib/import/run.ts';
import { readFileSync } from 'node:fs';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    out: { type: 'string', default: 'content' },
    province: { type: 'string' },
    'province-code': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

const out = resolve(values.out ?? 'content');
if (!values.from) fail('Cần --from <tệp danh sách đơn vị .csv hoặc .xlsx>.');
if (!existsSync(values.from)) fail(`Không tìm thấy tệp ${values.from}.`);

/** A CSV read with the separator that gives the most cells in its first line. */
function csvRows(path: string): string[][] {
  const text = decodeText(readFileSync(path));
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', ',', '\t'].sort(
    (a, b) => first.split(b).length - first.split(a).length,
  )[0];
  return parseCsv(text, delimiter ?? ',');
}

const read = readFrom(out);
/** The province from the options, or from what the content already says. */
function province(): { name: string; code: string } {
  const units = read('units.yaml');
  const current = units
    ? (
        (parse(units) as { units?: { kind?: string; name?: string; validTo?: unknown }[] }).units ??
        []
      ).filter((u) => u.kind === 'tinh' && u.validTo === undefined)
    : [];
  const name = values.province ?? (current.length === 1 ? current[0]?.name : undefined);
  const ubnd = read(`agencies/${PROVINCE_UBND}.yaml`);
  const found = ubnd ? /code:\s*"?(?:[\d.]*\.)?([A-Z]\d{2})\b/.exec(ubnd)?.[1] : undefined;
  const code = values['province-code'] ?? found;
  if (!name) fail('Cần --province "<tên tỉnh>", ví dụ --province "Khánh Hòa".');
  if (!code || !/^[A-Z]\d{2}$/.test(code))
    fail('Cần --province-code <mã cấp tỉnh>, ví dụ --province-code H32 (chữ cái và hai chữ số).');
  return { name, code };
}

let rows: ReturnType<typeof readUnitRows>;
try {
  const table =
    extname(values.from).toLowerCase() === '.xlsx'
      ? (await readTable(values.from)).rows
      : csvRows(values.from);
  rows = readUnitRows(table, values.from);
} catch (error) {
  if (error instanceof UnitListError) fail(error.message);
  throw error;
}

const plan = planUnits(province(), rows, read);
const dryRun = values['dry-run'] ?? false;
const result = applyPlan(out, plan, dryRun);
const formers = rows.reduce((n, r) => n + r.former.length, 0);
console.log(
  `${values.from}: ${rows.length} đơn vị cấp xã (${rows.filter((r) => r.kind === 'xa').length} xã, ${rows.filter((r) => r.kind === 'phuong').length} phường, ${rows.filter((r) => r.kind === 'dac-khu').length} đặc khu), ${formers} đơn vị cũ.`,
);
for (const path of result.kept)
  console.log(
    `  • giữ nguyên ${path}: tệp viết tay (không có dòng "Tệp do npm run gen:units tạo").`,
  );
if (result.refused.length > 0) {
  console.error(
    `✗ Không ghi gì: ${result.refused.length} tệp đã được sửa tay sau lần tạo trước hoặc ghi khác danh sách.`,
  );
  for (const r of result.refused) {
    console.error(
      `  • ${r.path}: ${r.reason}${r.diff ? `\n${r.diff.replace(/^/gm, '      ')}` : ''}`,
    );
  }
  console.error(
    '  Cách sửa: muốn giữ bản sửa tay thì xóa dòng đầu "# Tệp do npm run gen:units tạo…" của tệp đó (gen:units sẽ không đụng tới nữa); muốn lấy bản tạo mới thì xóa tệp rồi chạy lại. Với units.yaml: sửa mục đó hoặc sửa danh sách cho khớp.',
  );
  process.exit(1);
}
console.log(
  `${dryRun ? 'Sẽ ghi' : 'Đã ghi'} ${result.written.length} tệp, ${result.unchanged} tệp không đổi${plan.unitsAdded.length ? `; thêm ${plan.unitsAdded.length} mục vào units.yaml` : ''}.`,
);
if (dryRun) process.exit(0);

// The build's own validation, so a mistake is named now (file, field, fix), not at deploy.
if (!existsSync(resolve(out, 'site.yaml'))) {
  console.log(
    `  (chưa có ${out}/site.yaml: bỏ qua bước kiểm tra; chạy npm run check:content sau.)`,
  );
  process.exit(0);
}
try {
  const catalogue = await loadCatalogue(out, values.out ?? 'content');
  console.log(`✓ Nội dung hợp lệ: ${catalogue.agencies.length} cơ quan.`);
} catch (error) {
  if (error instanceof ContentError) fail(error.message);
  throw error;
}
