import { foldText } from '../../../src/domain/text/fold.ts';

/**
 * The columns the importer understands: those of the national procedure database
 * (Cơ sở dữ liệu quốc gia về TTHC, dichvucong.gov.vn) and of the "Danh mục" annexes of
 * provincial publication decisions (domain-vn.md §1.2–1.3), plus the keys of this
 * portal's own open-data CSV. Headers match with or without diacritics, in any case,
 * with the usual suffixes ("… TTHC", "… của thủ tục hành chính", "(nếu có)").
 */
export const COLUMN_KEYS = [
  'code',
  'title',
  'field',
  'level',
  'steps',
  'channels',
  'documents',
  'sets',
  'time',
  'applicants',
  'agencies',
  'competentAuthority',
  'address',
  'delegated',
  'partners',
  'result',
  'fees',
  'legalBasis',
  'conditions',
  'forms',
  'keywords',
  'summary',
  'procedureType',
  'publication',
  'online',
  'related',
  'ignore',
] as const;

export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** What each column becomes, in Vietnamese, for the report. */
export const COLUMN_LABELS: Record<ColumnKey, string> = {
  code: 'mã thủ tục (code)',
  title: 'tên thủ tục (title)',
  field: 'lĩnh vực (field)',
  level: 'cấp thực hiện (level)',
  steps: 'trình tự thực hiện (steps)',
  channels: 'cách thức thực hiện (channels)',
  documents: 'thành phần hồ sơ (documents, sets)',
  sets: 'số lượng hồ sơ (sets)',
  time: 'thời hạn giải quyết (time.days)',
  applicants: 'đối tượng thực hiện (applicants)',
  agencies: 'cơ quan thực hiện (agencies)',
  competentAuthority: 'cơ quan có thẩm quyền (competentAuthority)',
  address: 'địa chỉ tiếp nhận (ghi vào pending)',
  delegated: 'cơ quan được ủy quyền (ghi vào pending)',
  partners: 'cơ quan phối hợp (ghi vào pending)',
  result: 'kết quả thực hiện (result)',
  fees: 'phí, lệ phí (fees)',
  legalBasis: 'căn cứ pháp lý (legalBasis)',
  conditions: 'yêu cầu, điều kiện (conditions)',
  forms: 'mẫu đơn, tờ khai (forms)',
  keywords: 'từ khóa (keywords)',
  summary: 'mô tả (summary)',
  procedureType: 'loại thủ tục (procedureType)',
  publication: 'quyết định công bố (publication)',
  online: 'dịch vụ công trực tuyến (ghi vào pending)',
  related: 'thủ tục liên quan (related)',
  ignore: 'bỏ qua (số thứ tự)',
};

/** Folded header texts (see foldText) for each key. */
const ALIASES: Record<ColumnKey, string[]> = {
  code: [
    'ma thu tuc',
    'ma tthc',
    'ma thu tuc hanh chinh',
    'ma ho so tthc',
    'ma ho so thu tuc hanh chinh',
    'ma so thu tuc',
    'ma so tthc',
    'ma',
    'ma tt',
    'code',
  ],
  title: ['ten thu tuc', 'ten tthc', 'ten thu tuc hanh chinh', 'thu tuc hanh chinh', 'title'],
  field: ['linh vuc', 'ten linh vuc', 'linh vuc thuc hien', 'fieldname', 'field'],
  level: ['cap thuc hien', 'cap giai quyet', 'cap', 'cap co quan thuc hien', 'level'],
  steps: ['trinh tu thuc hien', 'trinh tu', 'cac buoc thuc hien', 'qui trinh thuc hien', 'steps'],
  channels: [
    'cach thuc thuc hien',
    'cach thuc',
    'hinh thuc thuc hien',
    'hinh thuc nop',
    'hinh thuc nop ho so',
    'hinh thuc thuc hien khong phu thuoc dia gioi hanh chinh',
    'channels',
  ],
  documents: [
    'thanh phan ho so',
    'thanh phan so luong ho so',
    'ho so',
    'ho so gom',
    'giay to can nop',
    'documents',
  ],
  sets: ['so luong ho so', 'so bo ho so', 'so luong'],
  time: [
    'thoi han giai quyet',
    'thoi gian giai quyet',
    'thoi han',
    'thoi gian',
    'thoi han xu ly',
    'processingdays',
  ],
  applicants: ['doi tuong thuc hien', 'doi tuong', 'doi tuong ap dung', 'applicants'],
  agencies: [
    'co quan thuc hien',
    'co quan giai quyet',
    'co quan truc tiep thuc hien',
    'dia diem thuc hien',
    'noi thuc hien',
    'agencies',
  ],
  competentAuthority: ['co quan co tham quyen', 'co quan co tham quyen quyet dinh'],
  address: ['dia chi tiep nhan hs', 'dia chi tiep nhan ho so', 'dia chi tiep nhan', 'noi nop'],
  delegated: ['co quan duoc uy quyen', 'co quan duoc uy quyen hoac phan cap thuc hien'],
  partners: ['co quan phoi hop', 'co quan phoi hop neu co'],
  result: [
    'ket qua',
    'ket qua thuc hien',
    'ket qua giai quyet',
    'ket qua thuc hien thu tuc',
    'result',
  ],
  fees: ['phi le phi', 'le phi', 'phi', 'muc phi le phi', 'muc thu phi le phi', 'fees'],
  legalBasis: ['can cu phap li', 'can cu', 'can cu phap li cua thu tuc', 'legalbasis'],
  conditions: [
    'yeu cau dieu kien',
    'yeu cau dieu kien thuc hien',
    'yeu cau',
    'dieu kien',
    'dieu kien thuc hien',
    'conditions',
  ],
  forms: [
    'mau don to khai',
    'ten mau don mau to khai',
    'ten mau don to khai',
    'mau don',
    'mau to khai',
    'bieu mau',
  ],
  keywords: ['tu khoa', 'keywords'],
  summary: ['mo ta', 'mo ta ngan', 'summary'],
  procedureType: ['loai thu tuc', 'loai tthc'],
  publication: [
    'so quyet dinh',
    'quyet dinh cong bo',
    'so quyet dinh cong bo',
    'van ban cong bo',
    'publicationdecision',
  ],
  online: [
    'dvc truc tuyen',
    'dich vu cong truc tuyen',
    'muc do dvctt',
    'muc do dich vu cong truc tuyen',
    'muc do',
    'dvctt',
    'online',
  ],
  related: ['thu tuc hanh chinh lien quan', 'thu tuc lien quan', 'tthc lien quan', 'related'],
  ignore: ['stt', 'tt', 'so tt', 'so thu tu'],
};

/** Words that decorate headers without changing their meaning, removed before matching. */
const NOISE_RE =
  /\b(?:cua )?(?:thu tuc hanh chinh|tthc)$|\bneu co\b|\b(?:cua )?thu tuc$|\bthuc hien tthc$/g;

/** Folds a header: no diacritics, lower case, no punctuation ("Pháp lý" → "phap li"). */
export function foldHeader(header: string): string {
  return foldText(header);
}

/** The header without its decorating suffixes, e.g. "ket qua thuc hien tthc" → "ket qua thuc hien". */
function stripNoise(folded: string): string {
  let out = folded;
  for (let i = 0; i < 3; i++) {
    const next = out.replace(NOISE_RE, '').trim().replace(/\s+/g, ' ');
    if (next === out) break;
    out = next;
  }
  return out;
}

const EXACT = new Map<string, ColumnKey>();
for (const key of COLUMN_KEYS) for (const alias of ALIASES[key]) EXACT.set(alias, key);

/**
 * The key a header stands for, or undefined. Exact alias first (after removing the
 * decorating suffixes), then the longest alias of two words or more that starts
 * the header ("Thời hạn giải quyết (ngày làm việc)" → time).
 */
export function matchHeader(header: string): ColumnKey | undefined {
  const folded = foldHeader(header);
  if (!folded) return undefined;
  const candidates = [folded, stripNoise(folded), stripNoise(folded.replace(/\s*\d+$/, ''))];
  for (const c of candidates) {
    const hit = EXACT.get(c);
    if (hit) return hit;
  }
  let best: { key: ColumnKey; length: number } | undefined;
  const base = stripNoise(folded);
  for (const [alias, key] of EXACT) {
    if (!alias.includes(' ')) continue;
    if ((base === alias || base.startsWith(`${alias} `)) && alias.length > (best?.length ?? 0)) {
      best = { key, length: alias.length };
    }
  }
  return best?.key;
}

/** One column of the input and what it was matched to. */
export interface ColumnMatch {
  index: number;
  header: string;
  key?: ColumnKey;
  /** Set when another column already took this key. */
  duplicateOf?: string;
}

/** Matches every header of a row; a key taken twice counts only for its first column. */
export function matchHeaders(row: readonly string[]): ColumnMatch[] {
  const taken = new Map<ColumnKey, string>();
  return row.map((raw, index) => {
    const header = raw.replace(/\s+/g, ' ').trim();
    const key = matchHeader(header);
    if (!key) return { index, header };
    const first = taken.get(key);
    if (first && key !== 'ignore') return { index, header, duplicateOf: first };
    taken.set(key, header);
    return { index, header, key };
  });
}

/** How well a row looks like a header row: the number of recognised columns (title required). */
export function headerScore(row: readonly string[]): number {
  const matches = matchHeaders(row);
  if (!matches.some((m) => m.key === 'title')) return 0;
  return matches.filter((m) => m.key && m.key !== 'ignore').length;
}

/**
 * The header row among the first rows (decisions often put a title above the table):
 * the first row with the best score of at least two recognised columns, or -1.
 */
export function findHeaderRow(rows: readonly string[][], scan = 15): number {
  let best = -1;
  let bestScore = 1;
  rows.slice(0, scan).forEach((row, i) => {
    const score = headerScore(row);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
