import { isMap, isSeq, parseDocument } from 'yaml';
import { describeFee, type FeeLike, formatTimeLimit } from '../../../src/domain/format.ts';
import type { ColumnKey } from './columns.ts';
import type { MappedProcedure } from './map.ts';

/**
 * Refreshing an existing procedure file from the national procedure database (CSDL quốc gia về
 * TTHC) with `--update`: only the fields that come from the national database change, and only
 * when the input has a filled cell for them; everything local stays as the editor left it (the
 * agencies that serve the locality, the online form, posters, notes, the Markdown guidance,
 * `lastReviewed`, comments in the frontmatter). Each change is listed field by field in
 * Vietnamese so the editor sees what the refresh did. Pure: run.ts reads and writes.
 */

/** A field of the published record that the national database owns, and the columns it comes from. */
export interface NationalField {
  key: string;
  label: string;
  from: readonly ColumnKey[];
}

export const NATIONAL_FIELDS: readonly NationalField[] = [
  { key: 'title', label: 'Tên thủ tục', from: ['title'] },
  { key: 'summary', label: 'Mô tả', from: ['summary'] },
  { key: 'field', label: 'Lĩnh vực', from: ['field'] },
  { key: 'level', label: 'Cấp thực hiện', from: ['level'] },
  { key: 'competentAuthority', label: 'Cơ quan có thẩm quyền', from: ['competentAuthority'] },
  { key: 'procedureType', label: 'Loại thủ tục', from: ['procedureType'] },
  { key: 'steps', label: 'Trình tự thực hiện', from: ['steps'] },
  { key: 'channels', label: 'Cách thức thực hiện', from: ['channels'] },
  { key: 'time', label: 'Thời hạn giải quyết', from: ['time', 'channels'] },
  { key: 'documents', label: 'Thành phần hồ sơ', from: ['documents'] },
  { key: 'sets', label: 'Số lượng hồ sơ', from: ['sets', 'documents'] },
  { key: 'applicants', label: 'Đối tượng thực hiện', from: ['applicants'] },
  { key: 'result', label: 'Kết quả thực hiện', from: ['result'] },
  { key: 'fees', label: 'Phí, lệ phí', from: ['fees'] },
  { key: 'feeExemptions', label: 'Miễn, giảm phí, lệ phí', from: ['fees'] },
  { key: 'forms', label: 'Mẫu đơn, tờ khai', from: ['forms'] },
  { key: 'conditions', label: 'Yêu cầu, điều kiện thực hiện', from: ['conditions'] },
  { key: 'legalBasis', label: 'Căn cứ pháp lý', from: ['legalBasis'] },
  { key: 'keywords', label: 'Từ khóa', from: ['keywords'] },
  { key: 'publication', label: 'Quyết định công bố', from: ['publication'] },
  { key: 'related', label: 'Thủ tục liên quan', from: ['related'] },
];

/** One changed field, with its items removed and added (lists) or its old and new value. */
export interface FieldChange {
  key: string;
  label: string;
  /** A list (steps, documents, fees…): its items are shown one per line. */
  list: boolean;
  removed: string[];
  added: string[];
}

export interface UpdatedFile {
  text: string;
  changes: FieldChange[];
  /** Local fields present in the file that the refresh left alone (their labels). */
  kept: string[];
}

/** Local fields an editor sets, named in the report as kept. */
const LOCAL_LABELS: Record<string, string> = {
  agencies: 'cơ quan thực hiện tại địa phương',
  online: 'mức dịch vụ công trực tuyến',
  onlineForm: 'biểu mẫu trực tuyến',
  posters: 'áp phích',
  notes: 'ghi chú địa phương',
  supplementWindowDays: 'thời hạn yêu cầu bổ sung riêng',
  lastReviewed: 'ngày rà soát',
  status: 'trạng thái áp dụng',
};

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** One item of a field as the editor reads it, on one line. */
export function itemText(key: string, item: unknown): string {
  if (item === null || item === undefined) return '(trống)';
  if (typeof item !== 'object') return String(item);
  const o = item as Record<string, unknown>;
  if (key === 'fees') return `${String(o.name ?? '')}: ${describeFee(o as unknown as FeeLike)}`;
  if (key === 'time' && typeof o.days === 'number')
    return formatTimeLimit({
      days: o.days,
      ...(typeof o.hours === 'number' ? { hours: o.hours } : {}),
    });
  if (key === 'legalBasis') return [o.number, o.title].filter(Boolean).join(' ');
  const head = o.name ?? o.title ?? o.type ?? o.number;
  const rest = Object.entries(o)
    .filter(([k, v]) => !['name', 'title', 'type', 'number', 'id'].includes(k) && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? canonical(v) : String(v)}`);
  return [head ? String(head) : '', rest.length > 0 ? `(${rest.join('; ')})` : '']
    .filter(Boolean)
    .join(' ');
}

/** Every part of an item, "name: …; amount: …; note: …". */
const partsText = (o: Record<string, unknown>): string =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? canonical(v) : String(v)}`)
    .join('; ');

const itemsOf = (key: string, value: unknown): string[] =>
  value === undefined
    ? []
    : (Array.isArray(value) ? value : [value]).map((item) => itemText(key, item));

/** What changed between two values of a field, item by item; undefined when nothing did. */
export function fieldChange(
  field: Pick<NationalField, 'key' | 'label'>,
  before: unknown,
  after: unknown,
): FieldChange | undefined {
  if (canonical(before) === canonical(after)) return undefined;
  const list = Array.isArray(before) || Array.isArray(after);
  const old = itemsOf(field.key, before);
  const now = itemsOf(field.key, after);
  const removed = old.filter((x) => !now.includes(x));
  const added = now.filter((x) => !old.includes(x));
  // Same lines: the change is inside an item (a note, a count) or in the order; show every part.
  if (removed.length === 0 && added.length === 0) {
    const full = (value: unknown) =>
      (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((item) =>
        item && typeof item === 'object'
          ? partsText(item as Record<string, unknown>)
          : String(item),
      );
    const a = full(before);
    const b = full(after);
    return {
      key: field.key,
      label: field.label,
      list,
      removed: a.filter((x) => !b.includes(x)),
      added: b.filter((x) => !a.includes(x)),
    };
  }
  return { key: field.key, label: field.label, list, removed, added };
}

/**
 * The national value of a list of named items, keeping what the editor added to an item
 * with the same name (a form's file, a document's link to a form, its local id).
 */
function keepLocalParts(before: unknown, after: unknown): unknown {
  if (!Array.isArray(before) || !Array.isArray(after)) return after;
  return after.map((item) => {
    if (!item || typeof item !== 'object') return item;
    const name = (item as { name?: unknown }).name;
    const old = before.find(
      (b) => b && typeof b === 'object' && (b as { name?: unknown }).name === name,
    ) as Record<string, unknown> | undefined;
    if (!old) return item;
    const merged: Record<string, unknown> = { ...old, ...(item as Record<string, unknown>) };
    if (old.id !== undefined) merged.id = old.id;
    return merged;
  });
}

const FRONT = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)(---[ \t]*(?:\r?\n|$))/;

/**
 * The existing file refreshed from one mapped row: national fields with a filled cell in the
 * row (`filled`: the row's column keys holding something) take the national value, the rest
 * is untouched; pending notes the import made for changed fields are added.
 */
export function updateFile(
  existing: string,
  mapped: MappedProcedure,
  filled: ReadonlySet<ColumnKey>,
): UpdatedFile {
  const match = FRONT.exec(existing);
  if (!match) return { text: existing, changes: [], kept: [] };
  const doc = parseDocument(match[2] ?? '');
  const before = (doc.toJS() ?? {}) as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const field of NATIONAL_FIELDS) {
    if (!field.from.some((column) => filled.has(column))) continue;
    if (!(field.key in mapped.data)) continue;
    const after = keepLocalParts(before[field.key], mapped.data[field.key]);
    const change = fieldChange(field, before[field.key], after);
    if (!change) continue;
    changes.push(change);
    doc.set(field.key, after);
  }
  const changedKeys = new Set(changes.map((c) => c.key));
  const notes = ((mapped.data.pending as { field: string; note: string }[] | undefined) ?? [])
    .filter((p) => changedKeys.has(p.field.split(/[.[]/)[0] ?? ''))
    .filter(
      (p) =>
        !((before.pending as { field: string; note: string }[] | undefined) ?? []).some(
          (q) => q.field === p.field && q.note === p.note,
        ),
    );
  if (notes.length > 0) {
    const pending = doc.get('pending');
    if (isSeq(pending)) for (const n of notes) pending.add(doc.createNode(n));
    else doc.set('pending', notes);
  }
  const kept = Object.keys(before)
    .filter((k) => k in LOCAL_LABELS)
    .map((k) => LOCAL_LABELS[k] as string);
  if (changes.length === 0) return { text: existing, changes, kept };
  if (!isMap(doc.contents)) return { text: existing, changes: [], kept };
  const front = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return {
    text: `${match[1]}${front}${match[3]}${existing.slice(match[0].length)}`,
    changes,
    kept,
  };
}
