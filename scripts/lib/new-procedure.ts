import { Document, isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { describePath } from '../../src/catalogue/describe.ts';
import { parseContentFile } from '../../src/catalogue/parse.ts';
import type { ContentSource } from '../../src/catalogue/validate.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import { slugify } from '../../src/domain/text/slug.ts';
import { SLUG_RE } from '../../src/schemas/common.ts';
import {
  LEVEL_LABELS,
  LEVELS,
  type Level,
  PROCEDURE_CODE_RE,
  procedureFrontmatter,
} from '../../src/schemas/procedure.ts';

/**
 * The pure part of `npm run new:procedure`: from a few answers, the text of a new
 * procedure file that validates as it stands, with a Vietnamese comment above every
 * field (the schema's own `.meta()` title and description, plus how to write the
 * value), placeholders marked "CẦN BỔ SUNG" and each of them listed under `pending:`.
 * Reading and writing files, and asking the questions, is scripts/new-procedure.ts.
 */

/** What the editor answers (or passes as flags). */
export interface NewProcedureInput {
  code: string;
  title: string;
  field: string;
  level: Level;
  agencies: string[];
  days: number;
  online: boolean;
  /** File name without `.md`; derived from the title when absent. */
  slug?: string;
}

/** What the new file must fit into, read from content/ without validating it. */
export interface ContentContext {
  fields: { slug: string; name: string }[];
  agencies: { slug: string; name: string; level?: string }[];
  procedures: { slug: string; code?: string; file: string }[];
}

/** The mark of every value the editor has to replace; search the file for it. */
export const PLACEHOLDER = 'CẦN BỔ SUNG';

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

const fileSlug = (rel: string) => rel.replace(/^.*\//, '').replace(/\.[^.]+$/, '');

/**
 * Fields, agencies and existing procedures (codes and file names), parsed leniently so
 * that the tool still works, and refuses duplicates, when another file is broken.
 */
export function contextFromSource(source: ContentSource): ContentContext {
  const context: ContentContext = { fields: [], agencies: [], procedures: [] };
  for (const file of source.files) {
    const kind = file.rel.endsWith('.md') ? 'markdown' : 'yaml';
    if (file.rel === 'fields.yaml') {
      const data = asRecord(parseContentFile(file.display, file.text, kind).parsed?.data);
      for (const entry of Array.isArray(data.fields) ? data.fields : []) {
        const { slug, name } = asRecord(entry);
        if (typeof slug === 'string') context.fields.push({ slug, name: String(name ?? slug) });
      }
    } else if (/^agencies\/[^/]+\.ya?ml$/.test(file.rel)) {
      const data = asRecord(parseContentFile(file.display, file.text, kind).parsed?.data);
      const slug = fileSlug(file.rel);
      context.agencies.push({
        slug,
        name: typeof data.name === 'string' ? data.name : slug,
        ...(typeof data.level === 'string' ? { level: data.level } : {}),
      });
    } else if (/^procedures\/[^/]+\.md$/.test(file.rel)) {
      const data = asRecord(parseContentFile(file.display, file.text, kind).parsed?.data);
      // A broken file may not parse: still remember its code if the line is readable.
      const raw = /^code:\s*["']?([^"'\s#]+)/m.exec(file.text)?.[1];
      const code = typeof data.code === 'string' ? data.code.trim() : raw;
      context.procedures.push({
        slug: fileSlug(file.rel),
        file: file.display,
        ...(code ? { code } : {}),
      });
    }
  }
  context.agencies.sort((a, b) => a.slug.localeCompare(b.slug));
  return context;
}

/** A file name from a Vietnamese title: "Đăng ký lại khai tử" → "dang-ky-lai-khai-tu". */
export { slugify };

/** The slug the file will get. */
export const slugFor = (input: Pick<NewProcedureInput, 'slug' | 'title'>): string =>
  input.slug?.trim() || slugify(input.title);

/** Today in Vietnam, YYYY-MM-DD. */
export const todayInVietnam = (now = new Date()): string => vietnamDay(now);

/**
 * Everything wrong with the answers, in Vietnamese, one sentence each with the fix:
 * bad formats, unknown field or agency, and a file name or code that already exists
 * (`force` allows replacing the file of the same name, never taking another file's code).
 */
export function checkInput(
  input: NewProcedureInput,
  context: ContentContext,
  options: { force?: boolean; dir?: string } = {},
): string[] {
  const dir = options.dir ?? 'content';
  const problems: string[] = [];
  const code = input.code.trim();
  if (!PROCEDURE_CODE_RE.test(code)) {
    problems.push(
      `Mã thủ tục "${code}" không đúng dạng: một chữ số, dấu chấm, sáu chữ số, ví dụ 1.001193 (thủ tục chưa có mã quốc gia: DP.000001).`,
    );
  }
  if (input.title.trim().length < 5) {
    problems.push('Tên thủ tục quá ngắn: ghi tên đầy đủ như trong quyết định công bố.');
  }
  if (!context.fields.some((f) => f.slug === input.field)) {
    problems.push(
      `Không có lĩnh vực "${input.field}" trong ${dir}/fields.yaml. Chọn một trong: ${context.fields.map((f) => f.slug).join(', ')}.`,
    );
  }
  if (!LEVELS.includes(input.level)) {
    problems.push(
      `Cấp thực hiện "${input.level}" không hợp lệ: ghi tinh hoặc xa (huyen chỉ cho bản lịch sử trước 01/07/2025).`,
    );
  }
  if (input.agencies.length === 0) problems.push('Cần ít nhất một cơ quan thực hiện (--agency).');
  for (const agency of input.agencies) {
    if (!context.agencies.some((a) => a.slug === agency)) {
      problems.push(
        `Không có cơ quan "${agency}" trong ${dir}/agencies/. Ghi tên tệp (không có .yaml) của một cơ quan, ví dụ ${context.agencies[0]?.slug ?? 'ubnd-xa-thuan-bac'}.`,
      );
    }
  }
  if (!Number.isInteger(input.days) || input.days < 0 || input.days > 365) {
    problems.push(
      'Thời hạn giải quyết phải là số nguyên ngày làm việc từ 0 đến 365 (0 = trong ngày).',
    );
  }
  const slug = slugFor(input);
  if (!SLUG_RE.test(slug)) {
    problems.push(
      `Tên tệp "${slug}" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang (--slug).`,
    );
  }
  const sameFile = context.procedures.find((p) => p.slug === slug);
  if (sameFile && !options.force) {
    problems.push(
      `Đã có tệp ${sameFile.file}. Công cụ không ghi đè thủ tục đang có: sửa trực tiếp tệp đó, hoặc chọn tên tệp khác bằng --slug.`,
    );
  }
  const sameCode = context.procedures.find((p) => p.code === code && p.slug !== slug);
  if (sameCode) {
    problems.push(
      `Mã ${code} đã được dùng trong ${sameCode.file}. Mỗi thủ tục có một mã riêng: kiểm tra lại mã trên Cơ sở dữ liệu quốc gia, hoặc sửa tệp đang có.`,
    );
  }
  return problems;
}

/** How to write each key, beyond what the schema's description says. */
const WRITING_HINTS: Record<string, string> = {
  field: 'Ghi mã (slug), không ghi tên lĩnh vực.',
  agencies:
    'Mỗi cơ quan một dòng bắt đầu bằng "- " (thụt vào hai dấu cách), ghi tên tệp trong content/agencies/ (không có .yaml).',
  steps: 'Mỗi bước một dòng bắt đầu bằng "- " (thụt vào hai dấu cách), theo thứ tự thực hiện.',
  channels:
    'Mỗi hình thức nộp một mục: type là truc-tiep (trực tiếp), buu-chinh (bưu chính công ích) hoặc truc-tuyen (trực tuyến); note là mô tả.',
  online: 'Khi khác khong: phải có mục truc-tuyen trong channels và phần onlineForm ở cuối tệp.',
  time: 'days: số ngày làm việc (0 = trong ngày); note: ghi chú, ví dụ khi phải xác minh.',
  documents:
    'Mỗi giấy tờ một mục: name (tên), originals (số bản chính, mặc định 1), copies (số bản sao, mặc định 0), form (id một mẫu trong forms), condition (chỉ cần trong trường hợp nào), note.',
  sets: 'Số bộ hồ sơ phải nộp, thường là 1.',
  applicants: 'Mỗi đối tượng một dòng bắt đầu bằng "- " (thụt vào hai dấu cách).',
  result: 'Mỗi giấy tờ người dân nhận được một dòng bắt đầu bằng "- " (thụt vào hai dấu cách).',
  fees: 'Tiền ghi số liền, không dấu chấm: 20000 (không viết 20.000). Ví dụ:\n  fees:\n    - name: Lệ phí đăng ký\n      amount: 8000\n      unit: bản\nMức thu do HĐND tỉnh quy định: thay amount bằng note. Xem docs/huong-dan-bien-tap.md.',
  feeExemptions:
    'Để trống ([]) nếu không có. Mỗi trường hợp được miễn, giảm một dòng bắt đầu bằng "- " (thụt vào hai dấu cách).',
  forms:
    'Mỗi mẫu một mục: id (mã ngắn), name (tên), code (ký hiệu), file (tên tệp trong content/forms/), source (văn bản ban hành).',
  conditions:
    'Để trống ([]) nếu không có. Mỗi điều kiện một dòng bắt đầu bằng "- " (thụt vào hai dấu cách).',
  legalBasis:
    'Mỗi văn bản một mục: number (số ký hiệu), title (trích yếu), date (ngày ban hành, 2025-07-01 hoặc 01/07/2025), issuer (cơ quan ban hành).',
  keywords:
    'Thay [] bằng danh sách, mỗi từ khóa một dòng, ví dụ:\n  keywords:\n    - làm lại giấy chứng tử\n    - mất giấy chứng tử',
  lastReviewed: 'Ngày dạng 2026-07-01 hoặc 01/07/2026.',
  status:
    'active (đang áp dụng), suspended (tạm ngừng) hoặc repealed (đã bãi bỏ: phải ghi thêm replacedBy và history).',
  related: 'Mã các thủ tục liên quan, mỗi mã một dòng bắt đầu bằng "- ", đặt trong dấu nháy kép.',
  onlineForm:
    'intro: lời dẫn; fields: các câu hỏi riêng của thủ tục (xem docs/huong-dan-bien-tap.md); attachments: optional, required hoặc none.',
  pending:
    'Mỗi mục: field (tên trường) và note (điều cần xác nhận). Sửa xong trường nào thì xóa mục của trường đó.',
};

/** Optional keys left out of a new file, shown as commented examples where they belong. */
const COMMENTED_EXAMPLES: Record<string, string[]> = {
  summary: ['summary: Một hai câu giải thích thủ tục dùng để làm gì.'],
  competentAuthority: ['competentAuthority: Chủ tịch Ủy ban nhân dân cấp xã'],
  procedureType: ['procedureType: TTHC được luật giao quy định chi tiết'],
  publication: [
    'publication:',
    '  decision: Quyết định số 1833/QĐ-BTP',
    '  date: 2025-06-27',
    '  issuer: Bộ Tư pháp',
  ],
  effectiveDate: ['effectiveDate: 2025-07-01'],
  replacedBy: ['replacedBy: "1.000000"'],
  statusNote: ['statusNote: Tạm ngừng tiếp nhận trong thời gian nâng cấp hệ thống.'],
  history: [
    'history:',
    '  - date: 2025-07-01',
    '    change: them',
    '    note: Công bố tại Quyết định số …',
  ],
  onlineForm: ['onlineForm:', '  fields: []', '  attachments: optional'],
};

/** Wraps a comment paragraph at about 96 characters, keeping lines that are indented (examples). */
function wrap(text: string, width = 96): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (/^\s/.test(paragraph)) {
      out.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
  }
  return out;
}

/** The comment lines above a key: the schema's title and description, then how to write it. */
export function commentFor(key: string): string[] {
  const info = describePath(procedureFrontmatter, [key])[0] ?? {};
  const head = [info.title ?? key, info.description].filter(Boolean).join(': ');
  const lines = wrap(`${head}${head.endsWith('.') ? '' : '.'}`);
  if (WRITING_HINTS[key]) lines.push(...wrap(WRITING_HINTS[key]));
  return lines;
}

/** Keys of the frontmatter, in the schema's order. */
export const FRONTMATTER_KEYS: readonly string[] = Object.keys(procedureFrontmatter.shape);

/** The frontmatter values of a new procedure, placeholders included. */
export function newProcedureData(input: NewProcedureInput, today: string): Record<string, unknown> {
  const mark = (text: string) => `${PLACEHOLDER}: ${text}`;
  const channels: Record<string, unknown>[] = [
    { type: 'truc-tiep', note: 'Tại Bộ phận Một cửa, trong giờ hành chính các ngày làm việc.' },
  ];
  if (input.online) channels.push({ type: 'truc-tuyen', note: 'Nộp hồ sơ trực tuyến.' });
  const pending = [
    { field: 'steps', note: mark('ghi trình tự thực hiện theo quyết định công bố.') },
    { field: 'documents', note: mark('ghi thành phần hồ sơ theo quyết định công bố.') },
    { field: 'applicants', note: mark('ghi đối tượng thực hiện theo quyết định công bố.') },
    { field: 'result', note: mark('ghi kết quả thực hiện theo quyết định công bố.') },
    {
      field: 'legalBasis',
      note: mark('ghi căn cứ pháp lý (số, trích yếu, ngày, cơ quan ban hành).'),
    },
    {
      field: 'time',
      note: `Thời hạn ${input.days === 0 ? 'trong ngày' : `${input.days} ngày làm việc`} do người tạo tệp nhập; đối chiếu quyết định công bố.`,
    },
    {
      field: 'fees',
      note: 'Chưa ghi phí, lệ phí; ghi mức thu, hoặc xác nhận thủ tục không thu phí rồi xóa mục này.',
    },
    {
      field: 'body',
      note: mark('viết phần hướng dẫn cho người dân, dưới dòng --- cuối phần thông tin.'),
    },
  ];
  if (input.online) {
    pending.push({
      field: 'onlineForm',
      note: 'Mức độ trực tuyến (mot-phan hay toan-trinh) và các câu hỏi của biểu mẫu trực tuyến chờ xác nhận.',
    });
  }
  return {
    code: input.code.trim(),
    title: input.title.trim(),
    field: input.field,
    level: input.level,
    agencies: input.agencies,
    steps: [
      mark('Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa.'),
      mark('Công chức kiểm tra hồ sơ; nếu chưa đầy đủ thì hướng dẫn bổ sung một lần.'),
      mark('Cơ quan có thẩm quyền giải quyết và trả kết quả theo giấy hẹn.'),
    ],
    channels,
    online: input.online ? 'mot-phan' : 'khong',
    time: { days: input.days },
    documents: [
      { name: mark('tờ khai hoặc đơn đề nghị theo mẫu') },
      {
        name: 'Giấy tờ tùy thân của người yêu cầu',
        note: 'Xuất trình để đối chiếu (thẻ Căn cước, Căn cước công dân hoặc hộ chiếu còn giá trị).',
      },
    ],
    sets: 1,
    applicants: [mark('cá nhân, tổ chức có yêu cầu')],
    result: [mark('tên giấy tờ người yêu cầu nhận được')],
    fees: [],
    feeExemptions: [],
    forms: [],
    conditions: [],
    legalBasis: [
      {
        number: PLACEHOLDER,
        title: mark('trích yếu văn bản quy định thủ tục'),
        date: today,
        issuer: PLACEHOLDER,
      },
    ],
    keywords: [],
    lastReviewed: today,
    status: 'active',
    related: [],
    ...(input.online ? { onlineForm: { fields: [], attachments: 'optional' } } : {}),
    pending,
  };
}

/** Comment lines as the yaml library wants them (each line is prefixed with `#`). */
const asComment = (lines: readonly string[]) => lines.map((line) => ` ${line}`).join('\n');

/**
 * The whole file: frontmatter with a comment above every key (and commented examples of
 * the optional keys left out), then a short Markdown body to replace.
 */
export function renderProcedure(input: NewProcedureInput, today: string): string {
  const doc = new Document(newProcedureData(input, today));
  const map = doc.contents as YAMLMap;
  const byKey = new Map(
    (map.items as Pair<Scalar, unknown>[]).map((pair) => [String(pair.key.value), pair]),
  );
  (map.get('code', true) as Scalar).type = 'QUOTE_DOUBLE';
  let carried: string[] = [];
  for (const key of FRONTMATTER_KEYS) {
    const pair = byKey.get(key);
    if (!pair) {
      const example = COMMENTED_EXAMPLES[key];
      if (example) {
        carried.push(...commentFor(key), 'Không bắt buộc; bỏ dấu # ở đầu các dòng dưới khi dùng:');
        carried.push(...example.map((line) => `${line}`), '');
      }
      continue;
    }
    pair.key.commentBefore = asComment([...carried, ...commentFor(key)]);
    carried = [];
    if (key !== 'code') pair.key.spaceBefore = true;
    const value = pair.value;
    // Nested keys of the online form get their own short comments.
    if (key === 'onlineForm' && isMap(value)) {
      for (const inner of value.items as Pair<Scalar, unknown>[]) {
        if (!isScalar(inner.key)) continue;
        const info = describePath(procedureFrontmatter, ['onlineForm', String(inner.key.value)])[1];
        if (info?.title) {
          inner.key.commentBefore = asComment(
            wrap([info.title, info.description].filter(Boolean).join(': ')),
          );
        }
      }
    }
  }
  if (carried.length > 0) doc.comment = asComment(carried);
  const yaml = doc.toString({ lineWidth: 0 });
  const body = [
    `${PLACEHOLDER}: lời khuyên cho người dân, viết như văn bản thường (Markdown), ví dụ giấy tờ nào hay thiếu, nên nộp lúc nào.`,
  ];
  return `---\n${yaml}---\n\n${body.join('\n')}\n`;
}

/** The steps to take after the file is written, in Vietnamese. */
export function nextSteps(path: string, slug: string): string[] {
  return [
    'Việc tiếp theo:',
    `  1. Mở tệp ${path}. Tìm chữ "${PLACEHOLDER}" và thay bằng nội dung đúng theo quyết định công bố.`,
    '     Dòng bắt đầu bằng # là lời giải thích, không hiện trên trang; có thể để nguyên.',
    '  2. Sửa xong trường nào thì xóa mục của trường đó trong pending: ở cuối phần thông tin.',
    '  3. Thêm từ khóa (keywords) và phí, lệ phí (fees); xem docs/huong-dan-bien-tap.md.',
    '  4. Kiểm tra: npm run check:content',
    `  5. Xem trước: npm run dev, rồi mở http://127.0.0.1:4321/thu-tuc/${slug}/`,
    '  6. Xuất bản: commit và push (hoặc dùng trình biên tập tại /admin).',
  ];
}

/** A numbered pick list: "1. Hộ tịch (ho-tich)". */
export function numbered(items: readonly { slug: string; name: string }[]): string[] {
  return items.map((item, i) => `  ${i + 1}. ${item.name} (${item.slug})`);
}

/**
 * Reads a choice from a numbered list: a number, a slug, several of them separated by
 * commas (when `multiple`), or "tat-ca" for all. Returns the slugs or a Vietnamese error.
 */
export function parseChoice(
  answer: string,
  items: readonly { slug: string }[],
  multiple = false,
): { ok: true; values: string[] } | { ok: false; message: string } {
  const text = answer.trim();
  if (multiple && /^(tat-ca|tất cả|tat ca)$/i.test(text)) {
    return { ok: true, values: items.map((i) => i.slug) };
  }
  const parts = multiple ? text.split(/[,\s]+/).filter(Boolean) : [text];
  const values: string[] = [];
  for (const part of parts) {
    const index = Number(part);
    const item = Number.isInteger(index) ? items[index - 1] : items.find((i) => i.slug === part);
    if (!item) {
      return {
        ok: false,
        message: `"${part}" không có trong danh sách; ghi số thứ tự${multiple ? ' (nhiều số cách nhau bằng dấu phẩy)' : ''} hoặc mã trong ngoặc.`,
      };
    }
    if (!values.includes(item.slug)) values.push(item.slug);
  }
  if (values.length === 0) return { ok: false, message: 'Chưa chọn gì.' };
  return { ok: true, values };
}

/** The levels as a pick list. */
export const LEVEL_ITEMS = LEVELS.map((slug) => ({ slug, name: LEVEL_LABELS[slug] }));

/** Agencies of a level first (all of them when none has that level). */
export function agenciesFor(context: ContentContext, level: string): ContentContext['agencies'] {
  const atLevel = context.agencies.filter((a) => a.level === level);
  return atLevel.length > 0 ? atLevel : context.agencies;
}
