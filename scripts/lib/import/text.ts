import { isRealDate } from '../../../src/domain/calendar/dates.ts';
import { foldText, stripDiacritics } from '../../../src/domain/text/fold.ts';
import { slugify } from '../../../src/domain/text/slug.ts';
import type { ChannelType, Level } from '../../../src/schemas/procedure.ts';

/**
 * Parsers for the free text of published procedure records: lists written with line
 * breaks, ";" or bullets, processing times, fees, levels, channels, documents with
 * their counts, legal documents and publication decisions. Each returns what it could
 * read plus `unsure`: sentences (Vietnamese) saying what an editor must check.
 */

const ZERO_WIDTH_RE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;

/** Tidies a cell: NFC, no zero-width characters, LF line ends, trimmed lines, single spaces. */
export function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(ZERO_WIDTH_RE, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00A0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Lower case without diacritics, same length as the NFC input, so that positions
 * found in it cut the original text at the same places.
 */
export function plain(text: string): string {
  const nfc = text.normalize('NFC');
  const out = stripDiacritics(nfc).toLowerCase();
  return out.length === nfc.length ? out : nfc.toLowerCase();
}

/** True for cells that say nothing: blank, "-", "x", "…". */
export function isBlank(text: string): boolean {
  return /^[\s\-–—_.…x/]*$/i.test(text);
}

/** True for cells that say "none": "Không", "Không có", "Không quy định". */
export function saysNone(text: string): boolean {
  return /^(?:khong(?: co| quy dinh| yeu cau| ap dung)?(?: gi)?|khong co thong tin)$/.test(
    foldText(text),
  );
}

/** A list marker at the start of an item: -, •, +, *, 1., 1), a), (a). */
const BULLET_RE =
  /^(?:[-–—•·▪◦●○■□➢►✓+*]+\s*|\(?\d{1,2}[.)](?!\d)\s*|\(?[a-zđ]\)\s*|[a-zđ]\.\s+)/iu;
const STEP_RE = /^bước\s*\d+\s*[:.\-–)]?\s*/iu;

export interface ListOptions {
  /** Also split on ";" (not for steps, whose sentences use it). */
  semicolons?: boolean;
  /** Split "Bước 1: … Bước 2: …" and drop the "Bước n:" label. */
  steps?: boolean;
  /** Remove a final full stop (names of documents, agencies, results). */
  dropPeriod?: boolean;
}

/**
 * Splits a cell into items on line breaks, bullets and (optionally) ";". A line
 * without a marker that starts in lower case continues the previous item (a
 * wrapped line).
 */
export function listItems(text: string, options: ListOptions = {}): string[] {
  const lines = clean(text).split('\n');
  const pieces: { text: string; marked: boolean }[] = [];
  for (const line of lines) {
    let parts = [line];
    if (options.steps) parts = parts.flatMap((p) => p.split(/(?=\bBước\s*\d+\s*[:.\-–)])/u));
    if (options.semicolons) parts = parts.flatMap((p) => p.split(/;\s*/));
    for (const part of parts) {
      let item = part.trim();
      const marked = BULLET_RE.test(item) || (options.steps === true && STEP_RE.test(item));
      item = item.replace(BULLET_RE, '');
      if (options.steps) item = item.replace(STEP_RE, '');
      if (item.replace(/[\s;,.]+/gu, '')) pieces.push({ text: item.trim(), marked });
    }
  }
  const items: string[] = [];
  for (const piece of pieces) {
    const previous = items.length - 1;
    const continues =
      !piece.marked &&
      previous >= 0 &&
      /^\p{Ll}/u.test(piece.text) &&
      !/[.:!?]$/u.test(items[previous] ?? '');
    if (continues) items[previous] = `${items[previous]} ${piece.text}`;
    else items.push(piece.text);
  }
  return items.map((item) => {
    const out = item.replace(/[\s;,]+$/u, '');
    return options.dropPeriod ? out.replace(/\.+$/u, '') : out;
  });
}

/** Removes the parts of `text` that `re` (global, run on the plain form) matches. */
export function cutMatches(text: string, re: RegExp): string {
  const base = text.normalize('NFC');
  const lower = plain(base);
  let out = '';
  let last = 0;
  for (const m of lower.matchAll(re)) {
    out += base.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
  }
  return (out + base.slice(last)).replace(/\s{2,}/g, ' ').trim();
}

// ---------------------------------------------------------------- processing time

export interface ParsedTime {
  days?: number;
  note?: string;
  unsure: string[];
}

const NUMBER_WORD = String.raw`(?:\s*\([^)]*\))?`;
const DAYS_RE = new RegExp(String.raw`(\d{1,3})${NUMBER_WORD}\s*ngay(\s+lam\s+viec)?`, 'g');
const SAME_DAY_RE =
  /(?:ngay\s+)?trong\s+(?:ngay|buoi)(?!\s+(?:lam\s+viec\s+)?(?:tiep\s+theo|ke\s+tiep))/;
const HOURS_RE = new RegExp(
  String.raw`(?:trong|khong qua|toi da|trong vong)\s+(\d{1,2})${NUMBER_WORD}\s*gio`,
);
const FILLER_RE =
  /khong qua|toi da|trong vong|trong thoi han|ke tu (?:ngay|khi|thoi diem) (?:nhan|tiep nhan)(?: duoc)?(?: du)? ho so(?: hop le)?(?: theo quy dinh)?|ngay lam viec|ngay|[^a-z]+/g;

/**
 * Reads a processing time: "15 ngày làm việc" → 15, "Trong ngày" → 0,
 * "05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ" → 5. Anything more than
 * the duration is kept as the note; several durations or days that are not said to be
 * working days are flagged.
 */
export function parseTime(raw: string): ParsedTime {
  const text = clean(raw);
  const lower = plain(text);
  const unsure: string[] = [];
  const dayMatches = [...lower.matchAll(DAYS_RE)];
  const sameDay = SAME_DAY_RE.exec(lower);
  const hours = HOURS_RE.exec(lower);
  const candidates = [
    ...dayMatches.map((m) => ({
      at: m.index ?? 0,
      days: Number(m[1]),
      phrase: m[0],
      working: Boolean(m[2]),
    })),
    ...(sameDay ? [{ at: sameDay.index, days: 0, phrase: sameDay[0], working: true }] : []),
    ...(hours ? [{ at: hours.index, days: 0, phrase: hours[0], working: true }] : []),
  ].sort((a, b) => a.at - b.at);
  const first = candidates[0];
  if (!first) return { unsure: ['không đọc được số ngày làm việc'] };
  if (first.days > 365) return { unsure: [`${first.days} ngày là quá lớn`] };
  if (!first.working)
    unsure.push('không ghi rõ là ngày làm việc; kiểm tra có phải ngày làm việc không');
  if (hours && first.phrase === hours[0])
    unsure.push('thời hạn tính bằng giờ, đã ghi là trong ngày (0)');
  const distinct = new Set(candidates.map((c) => c.days));
  if (distinct.size > 1)
    unsure.push(`có ${distinct.size} thời hạn khác nhau; đã lấy thời hạn đầu tiên`);
  const rest = lower.replace(first.phrase, ' ').replace(FILLER_RE, ' ').trim();
  const result: ParsedTime = { days: first.days, unsure };
  if (rest.length > 0 || distinct.size > 1) result.note = text.replace(/\n+/g, ' ');
  return result;
}

// ---------------------------------------------------------------- fees

export interface ParsedFee {
  name: string;
  kind: 'le-phi' | 'phi';
  amount?: number;
  unit?: string;
  note?: string;
}

export interface ParsedFees {
  fees: ParsedFee[];
  exemptions: string[];
  unsure: string[];
}

const NO_FEE_RE =
  /^(?:(?:phi le phi|le phi|phi)\s*)?(?:khong(?: co| thu| mat| quy dinh)?(?: phi)?(?: le phi)?|mien(?: phi)?(?: le phi)?|0(?: d| dong| vnd)?)$/;
const AMOUNT_RE = /(\d{1,3}(?:[.,  ]\d{3})+|\d+)\s*(?:đồng|đ|vnđ|vnd)(?!\p{L})/giu;
const UNIT_STOP = new Set(['đối', 'cho', 'khi', 'nếu', 'từ', 'tối', 'trở', 'và', 'hoặc', 'tại']);

/** "20.000" → 20000, "1.500.000" → 1500000, "20,000" → 20000. */
export const parseAmount = (digits: string): number => Number(digits.replace(/[.,\s]/g, ''));

function feeName(before: string, item: string): string {
  const label = before.replace(/[\s:–—-]+$/u, '').trim();
  if (label.length >= 3 && /phí/iu.test(label)) return label.replace(/^mức thu\s*/iu, '');
  const lower = plain(item);
  if (lower.includes('le phi')) return 'Lệ phí';
  if (/\bphi\b/.test(lower)) return 'Phí';
  return 'Phí, lệ phí';
}

const feeKind = (name: string): 'le-phi' | 'phi' =>
  /^phi\b/.test(plain(name)) && !plain(name).includes('le phi') ? 'phi' : 'le-phi';

function feeUnit(after: string): string | undefined {
  const m = /^\s*\/\s*(?:0?1\s+)?([^,;.()\n]+)/u.exec(after);
  if (!m) return undefined;
  const words: string[] = [];
  for (const word of (m[1] ?? '').trim().split(/\s+/)) {
    if (UNIT_STOP.has(word.toLowerCase()) || words.length === 3) break;
    words.push(word);
  }
  return words.join(' ') || undefined;
}

/**
 * Reads fees: "Không" → none; "Lệ phí: 20.000 đồng/bản" → one fee of 20000 per
 * "bản"; several amounts in one item, or none, keep the text as the fee's note.
 */
export function parseFees(raw: string): ParsedFees {
  const text = clean(raw);
  const out: ParsedFees = { fees: [], exemptions: [], unsure: [] };
  if (isBlank(text)) {
    out.unsure.push('ô trống; đã ghi là không thu phí, lệ phí');
    return out;
  }
  if (NO_FEE_RE.test(foldText(text))) return out;
  const items = listItems(text);
  for (const item of items) {
    const quoted = items.length > 1 ? `"${item}": ` : '';
    const amounts = [...item.matchAll(AMOUNT_RE)];
    if (amounts.length === 0 && /\bmien\b/.test(plain(item))) {
      out.exemptions.push(item);
      continue;
    }
    if (amounts.length === 0 && NO_FEE_RE.test(foldText(item))) continue;
    const first = amounts[0];
    if (amounts.length === 1 && first) {
      const at = first.index ?? 0;
      const before = item.slice(0, at);
      const colon = before.lastIndexOf(':');
      const name = feeName(colon >= 0 ? before.slice(0, colon) : before, item);
      const after = item.slice(at + first[0].length);
      const unit = feeUnit(after);
      const fee: ParsedFee = { name, kind: feeKind(name), amount: parseAmount(first[1] ?? '0') };
      if (unit) fee.unit = unit;
      const rest = plain(after.replace(/^\s*\/\s*[^,;.()\n]*/u, ''))
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
      if (fee.amount === 0 && /hdnd|hoi dong nhan dan/.test(plain(item))) {
        delete fee.amount;
        fee.note = item;
        out.unsure.push(`${quoted}mức thu do HĐND tỉnh quy định; ghi số tiền (amount)`);
      } else if (rest.length > 0) {
        fee.note = item;
        out.unsure.push(`${quoted}có điều kiện kèm mức thu; đã giữ nguyên làm ghi chú`);
      }
      out.fees.push(fee);
    } else {
      const name = feeName(item.split(':')[0] ?? '', item);
      out.fees.push({ name, kind: feeKind(name), note: item });
      const byCouncil = /hdnd|hoi dong nhan dan/.test(plain(item));
      out.unsure.push(
        amounts.length > 0
          ? `${quoted}có ${amounts.length} mức thu; tách thành nhiều khoản hoặc ghi tiers`
          : byCouncil
            ? `${quoted}mức thu do HĐND tỉnh quy định, chưa có số tiền; ghi amount theo nghị quyết của HĐND tỉnh`
            : `${quoted}không có số tiền; ghi amount (số đồng) hoặc giữ ghi chú`,
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------- level and channels

/** "Cấp xã" → xa, "Cấp Huyện" → huyen, "Cấp Tỉnh, Cấp Xã" → [tinh, xa]. */
export function parseLevels(raw: string): Level[] {
  const levels: Level[] = [];
  for (const token of plain(clean(raw)).split(/[,;/\n]|\s+va\s+|\s+hoac\s+/)) {
    const t = token.trim();
    let level: Level | undefined;
    if (/\b(?:huyen|quan|thi xa|thanh pho thuoc tinh)\b/.test(t)) level = 'huyen';
    else if (/\b(?:tinh|trung uong)\b/.test(t)) level = 'tinh';
    else if (/\b(?:xa|phuong|thi tran|dac khu)\b/.test(t)) level = 'xa';
    if (level && !levels.includes(level)) levels.push(level);
  }
  return levels;
}

export interface ParsedChannel {
  type: ChannelType;
  note?: string;
}

export interface ParsedChannels {
  channels: ParsedChannel[];
  /** The text about online submission, when the record mentions it. */
  online?: string;
}

const CHANNEL_LABEL_RE =
  /^(?:nop\s+)?(?:ho so\s+)?(?:truc tiep|(?:qua\s+)?(?:dich vu\s+)?buu chinh(?: cong ich)?|truc tuyen)\s*[:.,;\-–]?\s*/;

/** Reads channels: "Trực tiếp; Qua dịch vụ bưu chính; Trực tuyến" (notes kept when longer). */
export function parseChannels(raw: string): ParsedChannels {
  const channels = new Map<ChannelType, ParsedChannel>();
  const online: string[] = [];
  for (const item of listItems(raw, { semicolons: true })) {
    const lower = plain(item);
    const types: ChannelType[] = [];
    if (/truc tiep/.test(lower)) types.push('truc-tiep');
    if (/buu chinh/.test(lower)) types.push('buu-chinh');
    if (/truc tuyen|dich vu cong|\bdvc\b|qua mang|dien tu/.test(lower)) types.push('truc-tuyen');
    const rest = lower.replace(CHANNEL_LABEL_RE, '');
    const note = rest.replace(/[^a-z0-9]+/g, '').length > 12 && types.length === 1 ? item : '';
    for (const type of types) {
      if (type === 'truc-tuyen') online.push(item);
      const channel = channels.get(type) ?? { type };
      if (note) channel.note = channel.note ? `${channel.note} ${note}` : note;
      channels.set(type, channel);
    }
  }
  const out: ParsedChannels = { channels: [...channels.values()] };
  if (online.length > 0) out.online = online.join('; ');
  return out;
}

// ---------------------------------------------------------------- documents

export interface ParsedDocument {
  name: string;
  originals?: number;
  copies?: number;
  condition?: string;
  note?: string;
}

export interface ParsedDocuments {
  documents: ParsedDocument[];
  sets?: number;
  /** True when no item said how many originals and copies. */
  countsMissing: boolean;
}

const COUNT_RE =
  /\s*[(\-–,:]*\s*(?:so luong\s*:?\s*)?(?:ban chinh\s*:\s*\d+|ban sao\s*:\s*\d+|\d+(?:\s*\([^)]*\))?\s*ban\s+(?:chinh|sao|chup)(?:\s+(?:co\s+)?chung thuc)?)\s*\)?/g;

/** Number of sets in "01 (một) bộ" or "Số lượng hồ sơ: 02 bộ". */
export function parseSets(raw: string): number | undefined {
  const m = /(\d{1,2})(?:\s*\([^)]*\))?\s*bo\b/.exec(plain(raw)) ?? /(\d{1,2})/.exec(raw);
  const n = m ? Number(m[1]) : Number.NaN;
  return n >= 1 ? n : undefined;
}

/**
 * Reads documents: one item per line or ";", counts from "Bản chính: 1 - Bản sao: 0"
 * or "01 bản chính", headings ending in ":" become the condition ("Trường hợp nộp
 * thay:") or the note of the items under them.
 */
export function parseDocuments(raw: string): ParsedDocuments {
  const out: ParsedDocuments = { documents: [], countsMissing: true };
  let heading: string | undefined;
  for (const item of listItems(raw, { semicolons: true })) {
    const lower = plain(item);
    if (/^(?:so luong ho so|so luong|so bo ho so)\b/.test(lower)) {
      const sets = parseSets(item);
      if (sets) out.sets = sets;
      continue;
    }
    if (/^thanh phan(?:,)?(?: so luong)? ho so(?: gom| bao gom)?\s*:?$/.test(lower)) continue;
    if (item.endsWith(':')) {
      heading = item.slice(0, -1).trim();
      continue;
    }
    const originals =
      /ban chinh\s*:\s*(\d+)/.exec(lower) ?? /(\d+)(?:\s*\([^)]*\))?\s*ban chinh/.exec(lower);
    const copies =
      /ban sao\s*:\s*(\d+)/.exec(lower) ??
      /(\d+)(?:\s*\([^)]*\))?\s*ban\s+(?:sao|chup)/.exec(lower);
    const name = cutMatches(item, COUNT_RE).replace(/[\s,;:\-–]+$/u, '');
    if (!name) continue;
    const doc: ParsedDocument = { name: name.replace(/\.+$/, '') };
    if (originals || copies) {
      out.countsMissing = false;
      doc.originals = originals ? Number(originals[1]) : 0;
      doc.copies = copies ? Number(copies[1]) : 0;
    }
    if (heading) {
      if (/^(?:truong hop|neu|doi voi|khi)\b/.test(plain(heading))) doc.condition = heading;
      else doc.note = heading;
    }
    out.documents.push(doc);
  }
  return out;
}

// ---------------------------------------------------------------- legal documents

export interface ParsedLegal {
  number: string;
  title: string;
  date: string;
  issuer: string;
}

/** Issuers by the suffix of a document number (after the last "/"), on the plain upper-case form. */
const ISSUER_BY_SUFFIX: [RegExp, string][] = [
  [/^UBTVQH\d*$/, 'Ủy ban Thường vụ Quốc hội'],
  [/^QH\d*$/, 'Quốc hội'],
  [/-CP$/, 'Chính phủ'],
  [/-TTG$/, 'Thủ tướng Chính phủ'],
  [/-VPCP$/, 'Văn phòng Chính phủ'],
  [/-BTP$/, 'Bộ Tư pháp'],
  [/-BTC$/, 'Bộ Tài chính'],
  [/-BCA$/, 'Bộ Công an'],
  [/-BXD$/, 'Bộ Xây dựng'],
  [/-BTNMT$/, 'Bộ Tài nguyên và Môi trường'],
  [/-BNNMT$/, 'Bộ Nông nghiệp và Môi trường'],
  [/-BNNPTNT$/, 'Bộ Nông nghiệp và Phát triển nông thôn'],
  [/-BLDTBXH$/, 'Bộ Lao động – Thương binh và Xã hội'],
  [/-BNV$/, 'Bộ Nội vụ'],
  [/-BYT$/, 'Bộ Y tế'],
  [/-BGDDT$/, 'Bộ Giáo dục và Đào tạo'],
  [/-BKHDT$/, 'Bộ Kế hoạch và Đầu tư'],
  [/-BTTTT$/, 'Bộ Thông tin và Truyền thông'],
  [/-BKHCN$/, 'Bộ Khoa học và Công nghệ'],
  [/-BCT$/, 'Bộ Công Thương'],
  [/-BVHTTDL$/, 'Bộ Văn hóa, Thể thao và Du lịch'],
  [/-BQP$/, 'Bộ Quốc phòng'],
  [/-BGTVT$/, 'Bộ Giao thông vận tải'],
  [/-NHNN$/, 'Ngân hàng Nhà nước Việt Nam'],
  [/-BHXH$/, 'Bảo hiểm xã hội Việt Nam'],
];

/** Kinds of document by the start of their number's suffix, for a title when none is written. */
const KIND_BY_SUFFIX: [RegExp, string][] = [
  [/^(?:UBTV)?QH\d*$/, 'Luật'],
  [/^ND-/, 'Nghị định'],
  [/^TTLT-/, 'Thông tư liên tịch'],
  [/^TT-/, 'Thông tư'],
  [/^QD-/, 'Quyết định'],
  [/^NQ-/, 'Nghị quyết'],
];

const NUMBER_RE = /(\d{1,5}\/(?:\d{4}\/)?[A-ZĐ][A-ZĐa-zđ0-9-]*[A-ZĐa-zđ0-9])/u;
const DATE_NUM_RE = /(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/;
const DATE_WORDS_RE = /(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})/;
const OF_RE =
  /\s+của\s+(.+?)(?=\s+(?:quy định|về|hướng dẫn|sửa đổi|ban hành|công bố|bãi bỏ)\s|[,;.|]|$)/u;

const suffixOf = (number: string): string =>
  plain(number.slice(number.lastIndexOf('/') + 1)).toUpperCase();

/** The issuer implied by a document number, e.g. "123/2015/NĐ-CP" → "Chính phủ". */
export function issuerOf(number: string): string | undefined {
  const suffix = suffixOf(number);
  return ISSUER_BY_SUFFIX.find(([re]) => re.test(suffix))?.[1];
}

/** A date written dd/mm/yyyy or "ngày d tháng m năm yyyy" → YYYY-MM-DD, with its position. */
export function findDate(text: string): { iso: string; at: number; length: number } | undefined {
  const lower = plain(text);
  const m = DATE_WORDS_RE.exec(lower) ?? DATE_NUM_RE.exec(lower);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return undefined;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { iso, at: m.index, length: m[0].length };
}

/**
 * Reads one legal document: "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014 của Quốc
 * hội", "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết…"
 * or "60/2014/QH13 | Luật Hộ tịch | 20/11/2014 | Quốc hội". Undefined without a number,
 * a real date and an issuer.
 */
export function parseLegal(raw: string): ParsedLegal | undefined {
  const text = clean(raw).replace(/\n/g, ' ');
  const number = NUMBER_RE.exec(text)?.[1];
  const date = findDate(text);
  if (!number || !date) return undefined;
  let rest = text.slice(0, date.at) + ' '.repeat(date.length) + text.slice(date.at + date.length);
  rest = rest.replace(number, ' ');
  let issuer = issuerOf(number);
  const of = OF_RE.exec(rest);
  if (issuer) rest = rest.replace(` của ${issuer}`, ' ');
  else if (of?.[1] && of[1].length <= 80) {
    issuer = of[1].trim();
    rest = rest.replace(of[0], ' ');
  }
  if (!issuer) return undefined;
  rest = rest.split(issuer).join(' ');
  const title = rest
    .replace(/\s+(?:số|so)\s+(?=[\s|–-]|$)/giu, ' ')
    .replace(/^\s*(?:số|so)\s+/iu, '')
    .replace(/\s*[|]\s*/g, ' ')
    .replace(/(?:^|\s)[-–—](?=\s|$)/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,;:.\-–]+|[\s,;:\-–]+$/gu, '')
    .trim();
  const kind = KIND_BY_SUFFIX.find(([re]) => re.test(suffixOf(number)))?.[1];
  return { number, title: title || kind || 'Văn bản', date: date.iso, issuer };
}

export interface ParsedPublication {
  decision: string;
  date: string;
  issuer?: string;
}

/** Reads a publication decision: "Quyết định số 1833/QĐ-BTP ngày 30/6/2025". */
export function parsePublication(raw: string): ParsedPublication | undefined {
  const text = clean(raw).replace(/\n/g, ' ');
  const number = NUMBER_RE.exec(text)?.[1];
  const date = findDate(text);
  if (!number || !date) return undefined;
  const kind = KIND_BY_SUFFIX.find(([re]) => re.test(suffixOf(number)))?.[1] ?? 'Quyết định';
  const out: ParsedPublication = { decision: `${kind} số ${number}`, date: date.iso };
  const issuer = issuerOf(number) ?? OF_RE.exec(text)?.[1]?.trim();
  if (issuer) out.issuer = issuer;
  return out;
}

// ---------------------------------------------------------------- codes and forms

export interface ParsedCode {
  code?: string;
  unsure?: string;
}

/**
 * A procedure code: "1.001193"; "1.001193.000.00.00.H55" (a local variant) gives the
 * national code; "2.00081" (Excel dropped a final zero) is padded and flagged.
 */
export function parseCode(raw: string): ParsedCode {
  const text = raw.replace(/\s+/g, '').replace(/^dp/i, 'DP');
  if (/^(?:\d|DP)\.\d{6}$/.test(text)) return { code: text };
  const variant = /^((?:\d|DP)\.\d{6})\.[\w.]+$/.exec(text);
  if (variant?.[1])
    return {
      code: variant[1],
      unsure: `"${text}" là mã của một cơ quan, địa phương; đã dùng mã quốc gia ${variant[1]}`,
    };
  const short = /^(\d)\.(\d{1,5})$/.exec(text);
  if (short)
    return {
      code: `${short[1]}.${(short[2] ?? '').padEnd(6, '0')}`,
      unsure: `"${text}" thiếu chữ số (Excel bỏ số 0 ở cuối?); đã ghi ${short[1]}.${(short[2] ?? '').padEnd(6, '0')}`,
    };
  return {};
}

/** All procedure codes mentioned in a text. */
export const codesIn = (raw: string): string[] => [
  ...new Set([...raw.matchAll(/(?:\d|DP)\.\d{6}(?!\d)/g)].map((m) => m[0])),
];

export interface ParsedForm {
  id: string;
  name: string;
  code?: string;
}

/** Reads forms: "Tờ khai đăng ký khai sinh (Mẫu TP/HT-2020-KS.1)" → id, name, code. */
export function parseForms(raw: string): ParsedForm[] {
  if (saysNone(raw)) return [];
  const forms: ParsedForm[] = [];
  const ids = new Set<string>();
  for (const item of listItems(raw, { semicolons: true, dropPeriod: true })) {
    const code = /(Mẫu\s+(?:số\s+)?[A-Z0-9Đ][\w./-]*)/u.exec(item)?.[1]?.replace(/[.)]+$/, '');
    const name = item.trim();
    const base = slugify(code ? name.replace(code, '').replace(/\(\s*\)/g, '') : name, 40);
    let id = base || 'mau';
    for (let n = 2; ids.has(id); n++) id = `${base || 'mau'}-${n}`;
    ids.add(id);
    forms.push(code ? { id, name, code } : { id, name });
  }
  return forms;
}
