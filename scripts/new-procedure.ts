/**
 * `npm run new:procedure`: creates content/procedures/<tên>.md for a procedure the
 * catalogue does not have yet, from a few answers asked in Vietnamese, or given as flags:
 *
 *   npm run new:procedure
 *   npm run new:procedure -- --code 1.005461 --title "Đăng ký lại khai tử" --field ho-tich \
 *     --level xa --agency ubnd-xa-thuan-bac --agency ubnd-xa-ninh-hai --days 5 [--online]
 *     [--slug dang-ky-lai-khai-tu] [--force] [--dir content]
 *
 * The file validates as written (it is checked in memory before it is written, then
 * again from disk with the loader `npm run check:content` uses); every field has a
 * comment saying what it is; what the editor must still write is marked "CẦN BỔ SUNG"
 * and listed under `pending:`. An existing file or code is never overwritten.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ContentError } from '../src/catalogue/issues.ts';
import { loadCatalogue, readContentSource } from '../src/catalogue/read.ts';
import { buildCatalogue } from '../src/catalogue/validate.ts';
import { type Level, PROCEDURE_CODE_RE } from '../src/schemas/procedure.ts';
import {
  agenciesFor,
  type ContentContext,
  checkInput,
  contextFromSource,
  LEVEL_ITEMS,
  type NewProcedureInput,
  nextSteps,
  numbered,
  parseChoice,
  renderProcedure,
  slugFor,
  slugify,
  todayInVietnam,
} from './lib/new-procedure.ts';

const USAGE = `Tạo tệp thủ tục mới trong content/procedures/.

  npm run new:procedure                 hỏi từng thông tin
  npm run new:procedure -- --code 1.005461 --title "Đăng ký lại khai tử" --field ho-tich \\
    --level xa --agency ubnd-xa-thuan-bac --days 5

  --code     mã thủ tục, ví dụ 1.001193 (chưa có mã quốc gia: DP.000001)
  --title    tên thủ tục, đầy đủ như trong quyết định công bố
  --field    mã lĩnh vực trong content/fields.yaml, ví dụ ho-tich
  --level    cấp thực hiện: tinh hoặc xa (huyen chỉ cho bản lịch sử trước 01/07/2025)
  --agency   cơ quan thực hiện (tên tệp trong content/agencies/, không có .yaml);
             ghi nhiều lần hoặc cách nhau bằng dấu phẩy
  --days     thời hạn giải quyết, số ngày làm việc (0 = trong ngày)
  --online   có dịch vụ công trực tuyến (một phần)
  --slug     tên tệp, mặc định lấy từ tên thủ tục
  --force    ghi đè tệp cùng tên (không bao giờ dùng lại mã của thủ tục khác)
  --dir      thư mục nội dung, mặc định content`;

const { values } = parseArgs({
  options: {
    code: { type: 'string' },
    title: { type: 'string' },
    field: { type: 'string' },
    level: { type: 'string' },
    agency: { type: 'string', multiple: true },
    days: { type: 'string' },
    online: { type: 'boolean' },
    slug: { type: 'string' },
    force: { type: 'boolean' },
    dir: { type: 'string', default: 'content' },
    help: { type: 'boolean', short: 'h' },
  },
});

/** Stops with a message for the editor and a non-zero exit code. */
function fail(lines: string | string[]): never {
  console.error([lines].flat().join('\n'));
  process.exit(1);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const dir = values.dir ?? 'content';
const contentDir = resolve(dir);
if (!existsSync(join(contentDir, 'fields.yaml'))) {
  fail(
    `Không tìm thấy ${dir}/fields.yaml. Chạy lệnh trong thư mục gốc của dự án, hoặc chỉ thư mục nội dung bằng --dir.`,
  );
}
const source = await readContentSource(contentDir, dir);
const context = contextFromSource(source);

/** Reads answers line by line, from a terminal or from piped input alike. */
interface LineReader {
  question(prompt: string): Promise<string | undefined>;
  close(): void;
}

/** A line reader over stdin; `undefined` once the input has ended. */
function lineReader(): LineReader {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const queue: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  return {
    question(prompt) {
      process.stdout.write(prompt);
      if (queue.length > 0) return Promise.resolve(queue.shift());
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolvePromise) => waiting.push(resolvePromise));
    },
    close: () => rl.close(),
  };
}

type Reading<T> = { ok: true; value: T } | { ok: false; message: string };

/** One question, asked again until the answer is acceptable; stops at the end of input. */
async function ask<T>(rl: LineReader, prompt: string, read: (answer: string) => Reading<T>) {
  for (;;) {
    const answer = await rl.question(prompt);
    if (answer === undefined) {
      fail('\nĐã dừng: chưa đủ thông tin để tạo tệp. Xem: npm run new:procedure -- --help');
    }
    const result = read(answer);
    if (result.ok) return result.value;
    console.log(`  ${result.message}`);
  }
}

const agencyFlags = (values.agency ?? []).flatMap((a) => a.split(',')).map((a) => a.trim());

/** Asks, in Vietnamese, for whatever the flags did not give. */
async function collect(ctx: ContentContext): Promise<NewProcedureInput> {
  const complete =
    values.code && values.title && values.field && values.level && agencyFlags.length > 0;
  const rl = complete && values.days !== undefined ? undefined : lineReader();
  const question = <T>(prompt: string, read: (a: string) => Reading<T>): Promise<T> => {
    if (!rl) fail('Thiếu thông tin. Xem: npm run new:procedure -- --help');
    return ask(rl, prompt, read);
  };
  if (rl) console.log('Tạo thủ tục mới. Trả lời từng câu rồi nhấn Enter (Ctrl+C để thoát).\n');
  try {
    const code =
      values.code ??
      (await question('Mã thủ tục (ví dụ 1.001193; chưa có mã quốc gia: DP.000001): ', (a) => {
        const value = a.trim();
        const used = ctx.procedures.find((p) => p.code === value);
        if (!PROCEDURE_CODE_RE.test(value)) {
          return { ok: false, message: 'Mã gồm một chữ số, dấu chấm, sáu chữ số, ví dụ 1.001193.' };
        }
        if (used) return { ok: false, message: `Mã ${value} đã được dùng trong ${used.file}.` };
        return { ok: true, value };
      }));
    const title =
      values.title ??
      (await question('Tên thủ tục (đầy đủ như trong quyết định công bố): ', (a) =>
        a.trim().length >= 5
          ? { ok: true, value: a.trim() }
          : { ok: false, message: 'Ghi tên đầy đủ của thủ tục.' },
      ));
    let field = values.field;
    if (!field) {
      console.log(`Lĩnh vực:\n${numbered(ctx.fields).join('\n')}`);
      field = await question('Chọn số: ', (a) => {
        const r = parseChoice(a, ctx.fields);
        return r.ok ? { ok: true, value: r.values[0] as string } : r;
      });
    }
    let level = values.level;
    if (!level) {
      console.log(`Cấp thực hiện:\n${numbered(LEVEL_ITEMS).join('\n')}`);
      level = await question('Chọn số: ', (a) => {
        const r = parseChoice(a, LEVEL_ITEMS);
        return r.ok ? { ok: true, value: r.values[0] as string } : r;
      });
    }
    let agencies = agencyFlags;
    if (agencies.length === 0) {
      const items = agenciesFor(ctx, level);
      console.log(`Cơ quan thực hiện:\n${numbered(items).join('\n')}`);
      agencies = await question(
        'Chọn một hoặc nhiều số, cách nhau bằng dấu phẩy ("tat-ca" để chọn tất cả): ',
        (a) => {
          const r = parseChoice(a, items, true);
          return r.ok ? { ok: true, value: r.values } : r;
        },
      );
    }
    const daysText =
      values.days ??
      (await question('Thời hạn giải quyết, số ngày làm việc (0 = trong ngày): ', (a) =>
        /^\d+$/.test(a.trim())
          ? { ok: true, value: a.trim() }
          : { ok: false, message: 'Ghi một số, ví dụ 5.' },
      ));
    const online =
      values.online ??
      (complete
        ? false
        : await question('Có dịch vụ công trực tuyến không? (c = có, k = không): ', (a) =>
            /^(c|có|co)$/i.test(a.trim())
              ? { ok: true, value: true }
              : /^(k|không|khong)$/i.test(a.trim())
                ? { ok: true, value: false }
                : { ok: false, message: 'Ghi c hoặc k.' },
          ));
    const slug =
      values.slug ??
      (rl
        ? await question(`Tên tệp (Enter để dùng "${slugify(title)}"): `, (a) => ({
            ok: true,
            value: a.trim() || slugify(title),
          }))
        : undefined);
    return {
      code,
      title,
      field,
      level: level as Level,
      agencies,
      days: /^\d+$/.test(daysText.trim()) ? Number(daysText) : Number.NaN,
      online,
      ...(slug ? { slug } : {}),
    };
  } finally {
    rl?.close();
  }
}

const input = await collect(context);
const problems = checkInput(input, context, { force: values.force ?? false, dir });
if (problems.length > 0) {
  fail(['Chưa tạo tệp:', ...problems.map((p) => `  ✗ ${p}`)]);
}

const slug = slugFor(input);
const rel = `procedures/${slug}.md`;
const display = `${dir}/${rel}`;
const text = renderProcedure(input, todayInVietnam());

// Check in memory first, with the same rules as check:content, so nothing broken is written.
try {
  buildCatalogue({
    ...source,
    files: [...source.files.filter((f) => f.rel !== rel), { rel, display, text }],
  });
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  const own = error.issues.filter((issue) => issue.file === display);
  if (own.length > 0) fail(['Chưa tạo tệp, vì tệp mới sẽ có lỗi:', new ContentError(own).message]);
}

mkdirSync(join(contentDir, 'procedures'), { recursive: true });
writeFileSync(join(contentDir, rel), text);
console.log(`✓ Đã tạo ${display}`);

try {
  const catalogue = await loadCatalogue(contentDir, dir);
  console.log(`✓ Nội dung hợp lệ: ${catalogue.procedures.length} thủ tục (npm run check:content).`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  const own = error.issues.filter((issue) => issue.file === display);
  console.error(
    own.length > 0
      ? error.message
      : `Tệp mới hợp lệ, nhưng các tệp khác đang có lỗi (sửa trước khi xuất bản):\n${error.message}`,
  );
  if (own.length > 0) process.exit(1);
}
console.log(`\n${nextSteps(display, slug).join('\n')}`);
