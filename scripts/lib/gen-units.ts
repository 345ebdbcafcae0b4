/**
 * `npm run gen:units`: a province's list of commune-level units (one row per xã, phường,
 * đặc khu, with the units merged into it on 01/07/2025) becomes the agency files of each
 * commune (UBND, Trung tâm Phục vụ hành chính công, the three specialist offices, Công an)
 * and the entries of content/units.yaml, so a province of 65 or 168 units is not 400
 * hand-written files.
 *
 * Generated files carry a first line with the hash of what was generated: a later run
 * rewrites a file only while that hash still matches (nobody edited it), refuses with a
 * diff when someone did, and never touches a file without the line (written or taken over
 * by hand). units.yaml is merged entry by entry, comments kept, and an entry that says
 * otherwise than the list is refused, never rewritten. Planning is pure (`planUnits`);
 * `applyPlan` writes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import type { CommuneUnit } from '../../src/domain/commune.ts';
import { foldText } from '../../src/domain/text/fold.ts';
import { slugify } from '../../src/domain/text/slug.ts';
import { UNIT_KIND_LABELS } from '../../src/domain/units.ts';

/** The commune-level units since 01/07/2025 (thị trấn is gone). */
export type CurrentUnit = Exclude<CommuneUnit, 'thi-tran'>;
const CURRENT_UNITS: readonly CurrentUnit[] = ['xa', 'phuong', 'dac-khu'];

/** A unit merged into a current one: a commune-level unit, or a whole district (huyện Trường Sa → đặc khu). */
export type FormerKind = CommuneUnit | 'huyen';
export interface FormerUnit {
  name: string;
  kind: FormerKind;
}

/** One row of the list: a commune-level unit in force since 01/07/2025. */
export interface UnitRow {
  /** Spreadsheet row, for messages. */
  row: number;
  name: string;
  kind: CurrentUnit;
  former: FormerUnit[];
  address?: string | undefined;
  phone?: string | undefined;
  /** The unit's electronic identifier (e.g. "H32.057"), when the province has published it. */
  code?: string | undefined;
}

export interface Province {
  /** "Khánh Hòa". */
  name: string;
  /** The province's level-1 code in agency identifiers, e.g. "H32". */
  code: string;
}

/** A problem in the list: row, column, what is wrong, how to fix it. */
export interface RowIssue {
  row: number;
  column: string;
  message: string;
  fix: string;
}

export class UnitListError extends Error {
  readonly issues: RowIssue[];
  constructor(file: string, issues: RowIssue[]) {
    super(
      `${file}: ${issues.length} lỗi trong danh sách đơn vị\n${issues
        .map((i) => `  • dòng ${i.row}, cột "${i.column}": ${i.message}\n    Cách sửa: ${i.fix}`)
        .join('\n')}`,
    );
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------
// Reading the list

/** Header names (folded) for each column; the first row holding a name column is the header. */
const COLUMNS = {
  name: ['ten', 'ten don vi', 'ten xa', 'ten xa phuong', 'don vi', 'don vi hanh chinh'],
  kind: ['loai', 'loai don vi', 'cap', 'loai hinh'],
  former: [
    'truoc day',
    'don vi cu',
    'cac don vi cu',
    'sap xep tu',
    'hinh thanh tu',
    'tren co so',
    'sap nhap tu',
  ],
  address: ['dia chi', 'dia chi tru so', 'tru so'],
  phone: ['dien thoai', 'so dien thoai', 'sdt'],
  code: ['ma', 'ma dinh danh', 'ma don vi'],
} as const;
type Column = keyof typeof COLUMNS;
const COLUMN_LABELS: Record<Column, string> = {
  name: 'Tên',
  kind: 'Loại',
  former: 'Trước đây',
  address: 'Địa chỉ',
  phone: 'Điện thoại',
  code: 'Mã',
};

const KIND_WORDS: [RegExp, FormerKind][] = [
  [/^(xa|x)$/, 'xa'],
  [/^(phuong|p)$/, 'phuong'],
  [/^(dac khu|dk)$/, 'dac-khu'],
  [/^(thi tran|tt)$/, 'thi-tran'],
  [/^(huyen|h)$/, 'huyen'],
];
const LEADING_KIND = /^(xã|phường|đặc khu|thị trấn|huyện)\s+/iu;
/** The electronic identifier of a commune (QĐ 20/2020/QĐ-TTg form, see src/domain/agency-code.ts). */
const UNIT_CODE_RE = /^[A-Z]\d{2}\.\d{2,3}$/;

const kindOf = (word: string): FormerKind | undefined =>
  KIND_WORDS.find(([re]) => re.test(foldText(word)))?.[1];

/** "Phường Nha Trang" → { kind: phuong, name: "Nha Trang" }; a bare name keeps `fallback`. */
function splitName(text: string, fallback: FormerKind): FormerUnit {
  const clean = text.trim().replace(/\s+/g, ' ');
  const lead = LEADING_KIND.exec(clean);
  if (!lead) return { name: clean, kind: fallback };
  return { name: clean.slice(lead[0].length).trim(), kind: kindOf(lead[1] ?? '') ?? fallback };
}

/** The rows of a table (first row the header) as unit rows; throws UnitListError naming every problem. */
export function readUnitRows(table: readonly string[][], file: string): UnitRow[] {
  const headerAt = table.findIndex((row) =>
    row.some((cell) => (COLUMNS.name as readonly string[]).includes(foldText(cell))),
  );
  if (headerAt < 0) {
    throw new UnitListError(file, [
      {
        row: 1,
        column: 'Tên',
        message: 'không thấy dòng tiêu đề có cột tên đơn vị (header row)',
        fix: 'Dòng đầu ghi tiêu đề các cột: Tên; Loại; Trước đây; Địa chỉ; Điện thoại (chỉ cột Tên là bắt buộc).',
      },
    ]);
  }
  const header = (table[headerAt] ?? []).map((cell) => foldText(cell));
  const at = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((c) => [
      c,
      header.findIndex((h) => (COLUMNS[c] as readonly string[]).includes(h)),
    ]),
  ) as Record<Column, number>;
  const issues: RowIssue[] = [];
  const rows: UnitRow[] = [];
  const seen = new Map<string, number>();
  table.slice(headerAt + 1).forEach((cells, i) => {
    const row = headerAt + i + 2;
    const cell = (c: Column) => (at[c] >= 0 ? (cells[at[c]] ?? '').trim() : '');
    if (cells.every((c) => c.trim() === '')) return;
    const issue = (column: Column, message: string, fix: string) =>
      issues.push({ row, column: COLUMN_LABELS[column], message, fix });
    const kindCell = cell('kind');
    const declared = kindCell ? kindOf(kindCell) : undefined;
    if (kindCell && !declared) {
      issue('kind', `"${kindCell}" không phải loại đơn vị cấp xã`, 'Ghi xã, phường hoặc đặc khu.');
    }
    const { name, kind } = splitName(cell('name'), declared ?? 'xa');
    if (!name) {
      issue('name', 'thiếu tên đơn vị', 'Ghi tên không kèm chữ "xã", "phường", ví dụ "Thuận Bắc".');
      return;
    }
    if (!(CURRENT_UNITS as readonly string[]).includes(kind)) {
      issue(
        'kind',
        `${kind === 'huyen' ? 'cấp huyện' : 'thị trấn'} không còn từ 01/07/2025`,
        'Ghi xã, phường hoặc đặc khu theo nghị quyết sắp xếp.',
      );
      return;
    }
    const key = foldText(name);
    const twin = seen.get(key);
    if (twin !== undefined) {
      issue(
        'name',
        `tên "${name}" trùng với dòng ${twin} (duplicate unit)`,
        'Mỗi đơn vị ghi một dòng; hai đơn vị khác loại cũng không được trùng tên vì người dân gõ tên không kèm chữ "xã", "phường".',
      );
      return;
    }
    seen.set(key, row);
    const code = cell('code');
    if (code && !UNIT_CODE_RE.test(code)) {
      issue(
        'code',
        `mã "${code}" không đúng dạng mã định danh điện tử của đơn vị cấp xã`,
        'Ghi mã cấp tỉnh và mã xã, ví dụ "H32.057"; để trống nếu tỉnh chưa công bố.',
      );
    }
    const former = cell('former')
      .split(/[;,\n]/)
      .map((part) => part.trim().replace(/^(và|and)\s+/iu, ''))
      .filter(Boolean)
      .map((part) => splitName(part, 'xa'));
    rows.push({
      row,
      name,
      kind: kind as CurrentUnit,
      former,
      address: cell('address') || undefined,
      phone: cell('phone') || undefined,
      code: code || undefined,
    });
  });
  if (rows.length === 0 && issues.length === 0) {
    issues.push({
      row: headerAt + 2,
      column: 'Tên',
      message: 'danh sách không có đơn vị nào',
      fix: 'Ghi mỗi xã, phường, đặc khu trên một dòng dưới dòng tiêu đề.',
    });
  }
  if (issues.length > 0) throw new UnitListError(file, issues);
  return rows;
}

// ---------------------------------------------------------------------------
// What the list becomes

/** "xã", "phường", "đặc khu" inside a sentence. */
const word = (kind: FormerKind) => UNIT_KIND_LABELS[kind].toLocaleLowerCase('vi');
/** "Xã Thuận Bắc". */
const label = (kind: FormerKind, name: string) => `${UNIT_KIND_LABELS[kind]} ${name}`;
/** "xa-thuan-bac": the unit's id in units.yaml and the stem of its agencies' file names. */
export const unitId = (kind: FormerKind, name: string) => `${kind}-${slugify(name)}`;

export const PROVINCE_UBND = 'ubnd-tinh';
export const PROVINCE_CENTRE = 'ttpvhcc-tinh';

/** The agency files of one commune: file stem → content (without the generated-file line). */
export interface CommuneAgencies {
  ubnd: string;
  centre: string;
  /** The offices under the commune People's Committee, and the commune police. */
  offices: string[];
}

/** The slugs of a commune's agencies, in the order they are written. */
export function communeAgencySlugs(kind: CurrentUnit, name: string): CommuneAgencies {
  const id = unitId(kind, name);
  return {
    ubnd: `ubnd-${id}`,
    centre: `ttpvhcc-${id}`,
    offices: [
      `van-phong-hdnd-ubnd-${id}`,
      `phong-kinh-te-${id}`,
      `phong-van-hoa-xa-hoi-${id}`,
      `cong-an-${id}`,
    ],
  };
}

const HOURS = [{ days: 'Thứ Hai – Thứ Sáu', hours: 'Sáng 7:00–11:30, chiều 13:30–17:00' }];

/** The illustrative identifiers: the list's code, or province code + row number. */
function unitCode(province: Province, unit: UnitRow, index: number): string {
  return unit.code ?? `${province.code}.${String(index + 1).padStart(3, '0')}`;
}

/** " trên cơ sở các xã Phước Chiến, Công Hải trước đây"; mixed kinds name each one's kind. */
function formerPhrase(unit: UnitRow): string {
  const [first] = unit.former;
  if (!first) return '';
  const sameKind = unit.former.every((f) => f.kind === first.kind);
  const names = sameKind
    ? `${unit.former.length > 1 ? 'các ' : ''}${word(first.kind)} ${unit.former.map((f) => f.name).join(', ')}`
    : unit.former.map((f) => `${word(f.kind)} ${f.name}`).join(', ');
  return ` trên cơ sở ${names} trước đây`;
}

/** Fields in the order the hand-written agency files use. */
const FIELD_ORDER = [
  'name',
  'shortName',
  'kind',
  'level',
  'code',
  'codeIllustrative',
  'parent',
  'desk',
  'commune',
  'communeUnit',
  'address',
  'phone',
  'hours',
  'receptionPoints',
  'description',
  'pending',
];
const ordered = (data: Record<string, unknown>) =>
  Object.fromEntries(
    FIELD_ORDER.filter(
      (k) => data[k] !== undefined && !(Array.isArray(data[k]) && data[k].length === 0),
    ).map((k) => [k, data[k]]),
  );

/** Every agency file of the province's communes, and the province's UBND and centre. */
export function agencyFiles(
  province: Province,
  units: readonly UnitRow[],
): Map<string, Record<string, unknown>> {
  const all = new Map<string, Record<string, unknown>>();
  const files = {
    set: (slug: string, data: Record<string, unknown>) => all.set(slug, ordered(data)),
  };
  const inProvince = `tỉnh ${province.name}`;
  const codePending = (extra = '') => ({
    field: 'code',
    note: `Mã định danh minh họa (mã cấp tỉnh ${province.code} và số thứ tự của đơn vị trong danh sách), chưa phải mã chính thức; chờ danh mục mã định danh do UBND ${inProvince} ban hành.${extra}`,
  });
  files.set(PROVINCE_UBND, {
    name: `Ủy ban nhân dân ${inProvince}`,
    shortName: `UBND ${inProvince}`,
    kind: 'ubnd',
    level: 'tinh',
    code: province.code,
    codeIllustrative: true,
    desk: PROVINCE_CENTRE,
    address: `Tỉnh ${province.name}`,
    hours: HOURS,
    pending: [
      codePending(),
      { field: 'address', note: 'Chờ địa phương bổ sung địa chỉ trụ sở và số điện thoại.' },
    ],
  });
  files.set(PROVINCE_CENTRE, {
    name: `Trung tâm Phục vụ hành chính công ${inProvince}`,
    shortName: `TTPVHCC ${inProvince}`,
    kind: 'ttpvhcc',
    level: 'tinh',
    code: `${province.code}.00`,
    codeIllustrative: true,
    parent: PROVINCE_UBND,
    address: `Tỉnh ${province.name}`,
    hours: HOURS,
    description:
      'Tiếp nhận và trả kết quả thủ tục hành chính cấp tỉnh, và tiếp nhận hồ sơ không phụ thuộc địa giới hành chính trong tỉnh đối với các thủ tục được tỉnh công bố.',
    pending: [
      codePending(),
      {
        field: 'address',
        note: 'Chờ địa phương bổ sung địa chỉ trụ sở, các điểm tiếp nhận và số điện thoại của Trung tâm.',
      },
    ],
  });
  units.forEach((unit, index) => {
    const slugs = communeAgencySlugs(unit.kind, unit.name);
    const code = unitCode(province, unit, index);
    const inUnit = `${word(unit.kind)} ${unit.name}`;
    const address = unit.address ?? `${label(unit.kind, unit.name)}, ${inProvince}`;
    const common = {
      level: 'xa',
      codeIllustrative: unit.code === undefined,
      commune: unit.name,
      ...(unit.kind === 'xa' ? {} : { communeUnit: unit.kind }),
      address,
      ...(unit.phone ? { phone: unit.phone } : {}),
      hours: HOURS,
    };
    const pending = (...extra: { field: string; note: string }[]) => [
      ...(unit.code === undefined ? [codePending()] : []),
      ...(unit.address === undefined
        ? [
            {
              field: 'address',
              note: 'Địa chỉ ghi đến cấp xã; chờ địa phương bổ sung số nhà, thôn và số điện thoại.',
            },
          ]
        : []),
      ...extra,
    ];
    const office = (
      slug: string,
      officeCode: string,
      name: string,
      short: string,
      description: string,
      kind = 'phong-ban',
      extra: { field: string; note: string }[] = [],
    ) =>
      files.set(slug, {
        name,
        shortName: short,
        kind,
        ...common,
        code: `${code}.${officeCode}`,
        ...(kind === 'phong-ban' ? { parent: slugs.ubnd } : {}),
        desk: slugs.centre,
        description,
        pending: pending(
          {
            field: 'description',
            note: `Phân công lĩnh vực giữa các phòng của ${inUnit} theo quyết định của UBND ${word(unit.kind)}; chờ xác nhận.`,
          },
          ...extra,
        ),
      });
    files.set(slugs.ubnd, {
      name: `Ủy ban nhân dân ${inUnit}`,
      shortName: `UBND ${inUnit}`,
      kind: 'ubnd',
      ...common,
      code,
      parent: PROVINCE_UBND,
      desk: slugs.centre,
      description: `${label(unit.kind, unit.name)}, ${inProvince}, hoạt động từ ngày 01/07/2025${formerPhrase(unit)}.`,
      pending: pending(),
    });
    files.set(slugs.centre, {
      name: `Trung tâm Phục vụ hành chính công ${inUnit}`,
      shortName: `TTPVHCC ${inUnit}`,
      kind: 'ttpvhcc',
      ...common,
      code: `${code}.01`,
      parent: slugs.ubnd,
      receptionPoints: [{ name: 'Trụ sở Trung tâm', address, hours: HOURS }],
      description: `Tiếp nhận và trả kết quả thủ tục hành chính của ${inUnit} và của các cơ quan ngành dọc cử người làm việc tại Trung tâm.`,
      pending: pending({
        field: 'receptionPoints',
        note: `Các điểm tiếp nhận do UBND ${word(unit.kind)} quyết định; chờ địa phương xác nhận danh sách, địa chỉ và giờ làm việc.`,
      }),
    });
    const [office1, office2, office3, police] = slugs.offices as [string, string, string, string];
    office(
      office1,
      '02',
      `Văn phòng Hội đồng nhân dân và Ủy ban nhân dân ${inUnit}`,
      `Văn phòng HĐND-UBND ${inUnit}`,
      `Tham mưu, tổng hợp cho HĐND và UBND ${word(unit.kind)}; hộ tịch, chứng thực và các thủ tục thuộc lĩnh vực tư pháp.`,
    );
    const economy = unit.kind === 'phuong' ? 'Phòng Kinh tế, Hạ tầng và Đô thị' : 'Phòng Kinh tế';
    office(
      office2,
      '03',
      `${economy} ${inUnit}`,
      `${economy} ${inUnit}`,
      'Kinh tế, nông nghiệp, đất đai, xây dựng, đăng ký hộ kinh doanh.',
      'phong-ban',
      [
        {
          field: 'name',
          note: 'Xã thường đặt "Phòng Kinh tế", phường "Phòng Kinh tế, Hạ tầng và Đô thị" tùy quyết định thành lập; chờ xác nhận tên phòng.',
        },
      ],
    );
    office(
      office3,
      '04',
      `Phòng Văn hóa – Xã hội ${inUnit}`,
      `Phòng Văn hóa – Xã hội ${inUnit}`,
      'Văn hóa, giáo dục, y tế, lao động, người có công và bảo trợ xã hội.',
    );
    office(
      police,
      '05',
      `Công an ${inUnit}`,
      `Công an ${inUnit}`,
      `Đăng ký, quản lý cư trú của người dân ${inUnit}; cử cán bộ tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công.`,
      'cong-an',
      [
        {
          field: 'hours',
          note: 'Giờ làm việc theo giờ hành chính; chờ Công an xác nhận giờ tiếp nhận hồ sơ cư trú.',
        },
      ],
    );
  });
  return all;
}

/** The units.yaml entries the list stands for: the province, each unit, each former unit. */
export function unitEntries(
  province: Province,
  units: readonly UnitRow[],
): Record<string, string>[] {
  const provinceId = `tinh-${slugify(province.name)}`;
  const entries: Record<string, string>[] = [{ id: provinceId, name: province.name, kind: 'tinh' }];
  const current = new Set(units.map((u) => unitId(u.kind, u.name)));
  const formerIds = new Set<string>();
  for (const unit of units) {
    entries.push({
      id: unitId(unit.kind, unit.name),
      name: unit.name,
      kind: unit.kind,
      validFrom: '01/07/2025',
      parent: provinceId,
    });
  }
  for (const unit of units) {
    for (const f of unit.former) {
      let id = unitId(f.kind, f.name);
      // A former unit with today's name of a current one: "xa-cong-hai-cu" (the convention of units.yaml).
      if (current.has(id)) id = `${id}-cu`;
      if (formerIds.has(id)) continue; // split between several units: the first row keeps it
      formerIds.add(id);
      entries.push({
        id,
        name: f.name,
        kind: f.kind,
        validTo: '30/06/2025',
        mergedInto: unitId(unit.kind, unit.name),
      });
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------
// Planning against what is on disk

const MARK =
  '# Tệp do npm run gen:units tạo từ danh sách đơn vị; muốn sửa tay thì xóa dòng này trước (gen:units sẽ không ghi đè tệp không có dòng này).';
const MARK_RE = /^# Tệp do npm run gen:units tạo[^\n]*?sha256:([0-9a-f]{16})\n/;

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A generated file's text: the mark line with the hash of the body, then the body. */
export function generatedText(body: string): string {
  return `${MARK} sha256:${hash(body)}\n${body}`;
}

export type FileAction =
  /** New file, or a generated file nobody edited whose content changes. */
  | { kind: 'write'; path: string; text: string }
  | { kind: 'unchanged'; path: string }
  /** A file without the mark line: written or taken over by hand, left as it is. */
  | { kind: 'kept'; path: string }
  /** A generated file someone edited since: not rewritten. */
  | { kind: 'refused'; path: string; reason: string; diff: string };

export interface Plan {
  actions: FileAction[];
  /** units.yaml's new text, when entries are added. */
  unitsText?: string | undefined;
  unitsAdded: string[];
  unitsRefused: { id: string; reason: string }[];
}

/** A short line diff: the lines only in one side, with - and +. */
export function lineDiff(before: string, after: string, max = 12): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const inB = new Set(b);
  const inA = new Set(a);
  const lines = [
    ...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`),
    ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`),
  ];
  return lines.length > max
    ? [...lines.slice(0, max), `  … và ${lines.length - max} dòng khác`].join('\n')
    : lines.join('\n');
}

const yamlText = (data: Record<string, unknown>) => stringify(data, { lineWidth: 0 });

/**
 * What a run would do in `contentDir`, given what each path holds (`read` returns
 * undefined for a missing file). Pure: the caller reads and writes.
 */
export function planUnits(
  province: Province,
  units: readonly UnitRow[],
  read: (path: string) => string | undefined,
): Plan {
  const actions: FileAction[] = [];
  for (const [slug, data] of agencyFiles(province, units)) {
    const path = `agencies/${slug}.yaml`;
    const existing = read(path);
    const wanted = generatedText(yamlText(data));
    if (existing === undefined) {
      actions.push({ kind: 'write', path, text: wanted });
      continue;
    }
    if (existing === wanted) {
      actions.push({ kind: 'unchanged', path });
      continue;
    }
    const mark = MARK_RE.exec(existing);
    if (!mark) {
      actions.push({ kind: 'kept', path });
      continue;
    }
    const body = existing.slice(mark[0].length);
    if (hash(body) === mark[1]) actions.push({ kind: 'write', path, text: wanted });
    else
      actions.push({
        kind: 'refused',
        path,
        reason: 'tệp đã được sửa tay sau lần tạo trước (hand edited)',
        diff: lineDiff(existing, wanted),
      });
  }

  const { text, added, refused } = mergeUnits(read('units.yaml'), unitEntries(province, units));
  return { actions, unitsText: text, unitsAdded: added, unitsRefused: refused };
}

const GENERATED_FIELDS = ['name', 'kind', 'validFrom', 'validTo', 'mergedInto', 'parent'] as const;

/**
 * units.yaml with the entries it lacks appended (comments and hand-written entries kept);
 * an entry of the same id that says otherwise on a generated field is refused, not changed.
 */
export function mergeUnits(
  existing: string | undefined,
  entries: readonly Record<string, string>[],
): { text: string | undefined; added: string[]; refused: { id: string; reason: string }[] } {
  const header =
    '# Đơn vị hành chính của tỉnh (docs/huong-dan-dia-phuong.md, mục "Đơn vị hành chính"); các mục được thêm bởi npm run gen:units.\n';
  const doc = parseDocument(existing ?? `${header}units: []\n`);
  let seq = doc.get('units', true);
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    doc.set('units', seq);
  }
  const list = seq as ReturnType<typeof doc.createNode> & { items: unknown[] };
  const byId = new Map<string, Record<string, unknown>>();
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const data = item.toJSON() as Record<string, unknown>;
    if (typeof data.id === 'string') byId.set(data.id, data);
  }
  const added: string[] = [];
  const refused: { id: string; reason: string }[] = [];
  for (const entry of entries) {
    const have = byId.get(entry.id as string);
    if (!have) {
      list.items.push(doc.createNode(entry));
      added.push(entry.id as string);
      continue;
    }
    for (const field of GENERATED_FIELDS) {
      const want = entry[field];
      if (want === undefined) continue;
      // The province entry is hand-written (notes, mergers of provinces): only its kind is checked.
      if (entry.kind === 'tinh' && field !== 'kind') continue;
      if (String(have[field] ?? '') !== want) {
        refused.push({
          id: entry.id as string,
          reason: `${field}: tệp ghi "${String(have[field] ?? '')}", danh sách cho "${want}"`,
        });
      }
    }
  }
  if (added.length === 0 && existing !== undefined) return { text: undefined, added, refused };
  return { text: doc.toString({ lineWidth: 0 }), added, refused };
}

// ---------------------------------------------------------------------------
// Writing

export interface ApplyResult {
  written: string[];
  unchanged: number;
  kept: string[];
  refused: { path: string; reason: string; diff?: string }[];
}

/** Reads what the plan needs from `contentDir`. */
export const readFrom =
  (contentDir: string) =>
  (path: string): string | undefined => {
    const full = join(contentDir, path);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  };

/**
 * Writes the plan, unless anything is refused (then nothing is written: a half-applied
 * list is worse than none) or `dryRun`.
 */
export function applyPlan(contentDir: string, plan: Plan, dryRun = false): ApplyResult {
  const refused = [
    ...plan.actions.flatMap((a) =>
      a.kind === 'refused' ? [{ path: a.path, reason: a.reason, diff: a.diff }] : [],
    ),
    ...plan.unitsRefused.map((u) => ({ path: `units.yaml › ${u.id}`, reason: u.reason })),
  ];
  const written: string[] = [];
  if (refused.length === 0) {
    for (const action of plan.actions) {
      if (action.kind !== 'write') continue;
      written.push(action.path);
      if (dryRun) continue;
      const full = join(contentDir, action.path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, action.text);
    }
    if (plan.unitsText !== undefined) {
      written.push('units.yaml');
      if (!dryRun) writeFileSync(join(contentDir, 'units.yaml'), plan.unitsText);
    }
  }
  return {
    written,
    unchanged: plan.actions.filter((a) => a.kind === 'unchanged').length,
    kept: plan.actions.flatMap((a) => (a.kind === 'kept' ? [a.path] : [])),
    refused,
  };
}
