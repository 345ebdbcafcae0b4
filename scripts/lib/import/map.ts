import { formatDate } from '../../../src/domain/format.ts';
import { slugify } from '../../../src/domain/text/slug.ts';
import type { Agency } from '../../../src/schemas/agency.ts';
import type { Field } from '../../../src/schemas/field.ts';
import type { Level } from '../../../src/schemas/procedure.ts';
import { COLUMN_LABELS, type ColumnKey } from './columns.ts';
import { matchAgencies, matchField } from './match.ts';
import {
  clean,
  codesIn,
  isBlank,
  listItems,
  parseChannels,
  parseCode,
  parseDocuments,
  parseFees,
  parseForms,
  parseLegal,
  parseLevels,
  parsePublication,
  parseSets,
  parseTime,
  saysNone,
} from './text.ts';

/**
 * One spreadsheet row → the frontmatter of one procedure file, with everything the
 * importer could not map, or is unsure about, both in the report (cell issues) and
 * under `pending:` of the file, so editors see it at /bien-tap/cho-xac-nhan/.
 */

/** What the rows are matched against. */
export interface MappingContext {
  fields: readonly Field[];
  agencies: readonly Agency[];
  /** Codes that `related` may point to: the catalogue's and those of the imported file. */
  knownCodes: ReadonlySet<string>;
  /** The import date, YYYY-MM-DD (lastReviewed until an editor reviews the file). */
  today: string;
  /** The input file's name, quoted in pending notes. */
  source: string;
}

/** A cell as read: its column header and text. */
export interface Cell {
  header: string;
  value: string;
}

/** A cell the importer could not map, or mapped with a guess. */
export interface CellIssue {
  /** Spreadsheet row (1-based, as Excel numbers it). */
  row: number;
  column: string;
  value: string;
  problem: string;
  action: string;
}

export interface PendingNote {
  field: string;
  note: string;
}

export interface MappedProcedure {
  row: number;
  code: string;
  title: string;
  /** Frontmatter in the order of the schema (src/schemas/procedure.ts). */
  data: Record<string, unknown>;
  cells: CellIssue[];
}

export interface SkippedRow {
  row: number;
  reason: string;
  action: string;
}

export type RowResult =
  | { kind: 'mapped'; procedure: MappedProcedure }
  | { kind: 'skipped'; skipped: SkippedRow }
  | { kind: 'blank' };

/** A cell value as quoted in messages: one line, at most `max` characters. */
export function shorten(value: string, max = 100): string {
  const one = clean(value).replace(/\n+/g, ' / ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

const capitalise = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** The level of the matched agencies, when they all agree. */
function levelOfAgencies(slugs: readonly string[], agencies: readonly Agency[]): Level | undefined {
  const levels = new Set(
    slugs.map((s) => agencies.find((a) => a.slug === s)?.level).filter((l) => l !== undefined),
  );
  return levels.size === 1 ? [...levels][0] : undefined;
}

/** Maps one data row. `cells` holds the recognised columns, `extras` the others. */
export function mapRow(
  row: number,
  cells: ReadonlyMap<ColumnKey, Cell>,
  extras: readonly Cell[],
  ctx: MappingContext,
): RowResult {
  const text = (key: ColumnKey): string => {
    const v = clean(cells.get(key)?.value ?? '');
    return isBlank(v) ? '' : v;
  };
  const filled = [...cells.values(), ...extras].filter((c) => !isBlank(c.value));
  if (filled.length === 0) return { kind: 'blank' };
  const skip = (reason: string, action: string): RowResult => ({
    kind: 'skipped',
    skipped: { row, reason, action },
  });

  const rawCode = text('code');
  const title = text('title').replace(/\s*\n\s*/g, ' ');
  if (!rawCode) {
    const heading = !title || title === title.toUpperCase() || /^[IVXA-Z]{1,4}[.)]\s/u.test(title);
    if (filled.length <= 2 && heading)
      return skip(
        `dòng tiêu đề nhóm, không phải một thủ tục ("${shorten(filled.map((c) => c.value).join(' '), 60)}")`,
        'không cần làm gì',
      );
    return skip(
      `thiếu mã thủ tục${title ? ` (thủ tục "${shorten(title, 60)}")` : ''}`,
      'ghi mã trên Cơ sở dữ liệu quốc gia (ví dụ 1.001193) vào cột mã thủ tục; thủ tục chưa có mã quốc gia thì ghi mã địa phương dạng DP.000001',
    );
  }
  const parsedCode = parseCode(rawCode);
  if (!parsedCode.code)
    return skip(
      `mã thủ tục "${shorten(rawCode, 40)}" không đúng dạng`,
      'mã có dạng một chữ số, dấu chấm, sáu chữ số (1.001193) hoặc DP.000001',
    );
  const code = parsedCode.code;
  if (title.length < 5)
    return skip(
      title ? `tên thủ tục "${title}" quá ngắn` : `thiếu tên thủ tục (mã ${code})`,
      'ghi tên đầy đủ như trong quyết định công bố vào cột tên thủ tục',
    );

  const pending: PendingNote[] = [
    {
      field: 'lastReviewed',
      note: `Nhập tự động từ tệp ${ctx.source} (dòng ${row}) ngày ${formatDate(ctx.today)}. Đối chiếu toàn bộ nội dung với quyết định công bố, ghi ngày rà soát vào lastReviewed rồi xóa mục này.`,
    },
  ];
  const issues: CellIssue[] = [];
  /** Records a problem in the report and under pending. */
  const flag = (key: ColumnKey, field: string, problem: string, action: string) => {
    const cell = cells.get(key);
    const value = shorten(cell?.value ?? '');
    issues.push({
      row,
      column: cell?.header ?? `(không có cột ${COLUMN_LABELS[key]})`,
      value,
      problem,
      action,
    });
    pending.push({
      field,
      note: `${capitalise(problem)}${value ? ` (tệp nhập ghi: "${value}")` : ''}. Cách xử lý: ${action}.`,
    });
  };
  const note = (field: string, message: string) => pending.push({ field, note: message });
  if (parsedCode.unsure) flag('code', 'code', parsedCode.unsure, 'kiểm tra mã thủ tục');

  // Field.
  let field: string | undefined;
  if (text('field')) {
    const match = matchField(text('field'), ctx.fields);
    field = match.slug;
    if (match.how === 'partial')
      flag('field', 'field', `lĩnh vực được hiểu là "${match.name}"`, 'kiểm tra lĩnh vực');
    if (match.how === 'unknown')
      flag(
        'field',
        'field',
        `lĩnh vực "${match.name}" chưa có trong content/fields.yaml; đã ghi mã "${match.slug}"`,
        `thêm vào content/fields.yaml mục "- slug: ${match.slug}" với "name: ${match.name}", hoặc sửa field thành mã một lĩnh vực có sẵn`,
      );
  } else
    flag('field', 'field', 'thiếu lĩnh vực', 'ghi mã lĩnh vực (field) trong content/fields.yaml');

  // Agencies, then the level (which they can confirm).
  const agencies: string[] = [];
  if (text('agencies')) {
    const match = matchAgencies(text('agencies'), ctx.agencies);
    agencies.push(...match.slugs);
    for (const u of match.unsure) flag('agencies', 'agencies', u, 'kiểm tra danh sách cơ quan');
    for (const unknown of match.unknown) {
      const slug = slugify(unknown) || 'co-quan';
      const first = agencies.length === 0 && match.slugs.length === 0;
      if (first) agencies.push(slug);
      flag(
        'agencies',
        'agencies',
        `cơ quan "${unknown}" chưa có trong content/agencies/${first ? `; đã ghi "${slug}"` : ''}`,
        `tạo tệp content/agencies/${slug}.yaml cho cơ quan này, hoặc ghi tên tệp của một cơ quan có sẵn vào agencies`,
      );
    }
    for (const other of match.other) note('agencies', `Tệp nhập ghi thêm: "${other}".`);
  } else
    flag(
      'agencies',
      'agencies',
      'thiếu cơ quan thực hiện',
      'ghi tên tệp (không có .yaml) của cơ quan trong content/agencies/',
    );

  let level: Level | undefined;
  const levels = parseLevels(text('level'));
  const agencyLevel = levelOfAgencies(agencies, ctx.agencies);
  if (levels.length === 1) level = levels[0];
  else if (levels.length > 1) {
    level = agencyLevel && levels.includes(agencyLevel) ? agencyLevel : levels[0];
    flag(
      'level',
      'level',
      `nhiều cấp thực hiện; đã chọn cấp "${level}"${agencyLevel === level ? ' theo cơ quan thực hiện' : ''}`,
      'kiểm tra cấp thực hiện của thủ tục tại địa phương',
    );
  } else if (agencyLevel) {
    level = agencyLevel;
    flag(
      'level',
      'level',
      `không đọc được cấp thực hiện; đã lấy cấp "${level}" của cơ quan thực hiện`,
      'kiểm tra cấp thực hiện (tinh, huyen hoặc xa)',
    );
  } else flag('level', 'level', 'không đọc được cấp thực hiện', 'ghi level: tinh, huyen hoặc xa');

  // Steps and channels.
  const steps = listItems(text('steps'), { steps: true });
  if (steps.length === 0)
    flag(
      'steps',
      'steps',
      'thiếu trình tự thực hiện',
      'ghi các bước (steps) theo quyết định công bố',
    );

  const parsedChannels = parseChannels(text('channels'));
  const channels: Record<string, unknown>[] = parsedChannels.channels
    .filter((c) => c.type !== 'truc-tuyen')
    .map((c) => (c.note ? { type: c.type, note: c.note } : { type: c.type }));
  const onlineText = [parsedChannels.online, text('online')].filter(Boolean).join('; ');
  if (onlineText && !saysNone(text('online')))
    flag(
      parsedChannels.online ? 'channels' : 'online',
      'online',
      `văn bản ghi có dịch vụ công trực tuyến ("${shorten(onlineText, 80)}"); cổng này chưa mở nộp trực tuyến cho thủ tục`,
      'khi mở nộp trực tuyến: thêm cách thức truc-tuyen vào channels, ghi online: mot-phan hoặc toan-trinh và khai báo onlineForm',
    );
  if (channels.length === 0) {
    const raw = text('channels');
    channels.push(
      raw && !parsedChannels.online ? { type: 'truc-tiep', note: raw } : { type: 'truc-tiep' },
    );
    flag(
      'channels',
      'channels',
      raw
        ? 'không nhận ra cách nộp trực tiếp hoặc qua bưu chính; đã ghi là nộp trực tiếp'
        : 'thiếu cách thức thực hiện; đã ghi là nộp trực tiếp',
      'kiểm tra cách thức thực hiện (truc-tiep, buu-chinh)',
    );
  }

  // Processing time: its own column, or inside the channels text (national database).
  const timeSource: ColumnKey = text('time') ? 'time' : 'channels';
  const timeText = text(timeSource);
  const parsedTime = timeText ? parseTime(timeText) : { unsure: [] };
  let time: Record<string, unknown> | undefined;
  if (parsedTime.days !== undefined) {
    time = parsedTime.note
      ? { days: parsedTime.days, note: parsedTime.note }
      : { days: parsedTime.days };
    for (const u of parsedTime.unsure) flag(timeSource, 'time', u, 'kiểm tra thời hạn (time.days)');
  } else
    flag(
      'time',
      'time',
      timeText ? 'không đọc được số ngày làm việc' : 'thiếu thời hạn giải quyết',
      'ghi time.days: số ngày làm việc (0 nếu trong ngày)',
    );

  // Documents.
  const parsedDocs = parseDocuments(text('documents'));
  const sets = parseSets(text('sets')) ?? parsedDocs.sets;
  const documents = parsedDocs.documents.map((d) => ({ ...d }));
  if (documents.length === 0)
    flag('documents', 'documents', 'thiếu thành phần hồ sơ', 'ghi các giấy tờ (documents)');
  else if (parsedDocs.countsMissing)
    flag(
      'documents',
      'documents',
      'không ghi số bản chính, bản sao; đã để mặc định 1 bản chính',
      'ghi originals và copies cho từng giấy tờ',
    );

  const applicants = listItems(text('applicants'), { semicolons: true, dropPeriod: true });
  if (applicants.length === 0)
    flag('applicants', 'applicants', 'thiếu đối tượng thực hiện', 'ghi applicants');
  const result = listItems(text('result'), { semicolons: true, dropPeriod: true });
  if (result.length === 0) flag('result', 'result', 'thiếu kết quả thực hiện', 'ghi result');

  // Fees.
  const parsedFees = cells.has('fees')
    ? parseFees(cells.get('fees')?.value ?? '')
    : { fees: [], exemptions: [], unsure: ['không có cột phí, lệ phí; đã ghi là không thu'] };
  for (const u of parsedFees.unsure)
    flag('fees', 'fees', u, 'kiểm tra phí, lệ phí (fees) theo văn bản quy định mức thu');

  const forms = parseForms(text('forms'));
  const conditions = saysNone(text('conditions')) ? [] : listItems(text('conditions'));

  // Legal basis.
  const legalBasis: Record<string, unknown>[] = [];
  for (const item of listItems(text('legalBasis'), { semicolons: true })) {
    const legal = parseLegal(item);
    if (legal) legalBasis.push({ ...legal });
    else
      flag(
        'legalBasis',
        'legalBasis',
        `không tách được số hiệu, ngày ban hành, cơ quan ban hành của "${shorten(item, 80)}"`,
        'ghi văn bản này vào legalBasis với number, title, date, issuer',
      );
  }
  if (legalBasis.length === 0 && !text('legalBasis'))
    flag('legalBasis', 'legalBasis', 'thiếu căn cứ pháp lý', 'ghi legalBasis');

  const keywords = clean(text('keywords'))
    .split(/[\n;,]+/)
    .map((k) => k.trim())
    .filter(Boolean);

  let publication: Record<string, unknown> | undefined;
  if (text('publication')) {
    const parsed = parsePublication(text('publication'));
    if (parsed) publication = { ...parsed };
    else
      flag(
        'publication',
        'publication',
        'không đọc được số và ngày của quyết định công bố',
        'ghi publication: decision (số quyết định) và date (ngày ban hành)',
      );
  }

  const related: string[] = [];
  for (const other of codesIn(text('related'))) {
    if (other === code) continue;
    if (ctx.knownCodes.has(other)) related.push(other);
    else
      flag(
        'related',
        'related',
        `thủ tục liên quan ${other} chưa có trong danh mục`,
        'nhập thủ tục đó rồi thêm mã vào related, hoặc bỏ qua',
      );
  }

  for (const key of ['address', 'delegated', 'partners'] as const) {
    const value = text(key);
    if (value)
      note(
        key === 'address' ? 'agencies' : 'competentAuthority',
        `Cột "${cells.get(key)?.header}" ghi: "${shorten(value, 300)}". Kiểm tra với nơi tiếp nhận của cơ quan thực hiện.`,
      );
  }
  for (const extra of extras) {
    if (isBlank(extra.value)) continue;
    note(
      extra.header || 'cột không tên',
      `Cột "${extra.header}" (không nhận ra) ghi: "${shorten(extra.value, 300)}". Chưa có trường tương ứng; đưa vào nội dung nếu cần rồi xóa mục này.`,
    );
  }

  const data: Record<string, unknown> = { code, title };
  const summary = text('summary').replace(/\s*\n\s*/g, ' ');
  if (summary) data.summary = summary;
  if (field) data.field = field;
  if (level) data.level = level;
  data.agencies = agencies;
  if (text('competentAuthority'))
    data.competentAuthority = text('competentAuthority').replace(/\s*\n\s*/g, '; ');
  if (text('procedureType')) data.procedureType = text('procedureType');
  data.steps = steps;
  data.channels = channels;
  data.online = 'khong';
  if (time) data.time = time;
  data.documents = documents;
  if (sets && sets !== 1) data.sets = sets;
  data.applicants = applicants;
  data.result = result;
  data.fees = parsedFees.fees.map((f) => ({ ...f }));
  if (parsedFees.exemptions.length > 0) data.feeExemptions = parsedFees.exemptions;
  if (forms.length > 0) data.forms = forms;
  if (conditions.length > 0) data.conditions = conditions;
  data.legalBasis = legalBasis;
  if (keywords.length > 0) data.keywords = keywords;
  if (publication) data.publication = publication;
  data.lastReviewed = ctx.today;
  if (related.length > 0) data.related = related;
  data.pending = pending;
  return { kind: 'mapped', procedure: { row, code, title, data, cells: issues } };
}
