import { VIETNAM_OFFSET } from '../calendar/dates.ts';
import type { Commune } from '../commune.ts';
import type { Agency } from '../../schemas/agency.ts';
import type { FormField } from '../../schemas/online-form.ts';
import type { ProcedureSummary } from '../../catalogue/summary.ts';
import type { Procedure } from '../../schemas/procedure.ts';
import { OTHER_COMMUNE } from '../../schemas/submission.ts';
import { STATUS, STATUS_PUBLIC, type StatusCode } from '../dossier/status.ts';
import { APPLICANT_FIELDS, REPRESENTATIVE_FIELDS } from '../forms/fields.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) in terms of our
 * catalogue and dossiers. Pure: the Worker routes serialise what these return.
 * A service is a procedure that takes online requests; its attributes are the
 * fields of our own online form, under the same input names, so one schema
 * validates both.
 */

export const GEOREPORT_SPEC = 'http://wiki.open311.org/GeoReport_v2';

export type Open311Datatype =
  | 'string'
  | 'number'
  | 'datetime'
  | 'text'
  | 'singlevaluelist'
  | 'multivaluelist';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

/** Closed: resolved one way or another (result ready or returned, refused, withdrawn, stopped). */
const CLOSED: ReadonlySet<StatusCode> = new Set([
  STATUS.REFUSED,
  STATUS.WITHDRAWN,
  STATUS.STOPPED,
  STATUS.PROCESSED,
  STATUS.RETURNED,
]);

export type Open311Status = 'open' | 'closed';

export const open311Status = (status: StatusCode): Open311Status =>
  CLOSED.has(status) ? 'closed' : 'open';

/** The national statuses behind each Open311 status (for filtering in SQL). */
export const NATIONAL_STATUSES: Record<Open311Status, StatusCode[]> = {
  open: ([1, 2, 4, 5, 6] as StatusCode[]).filter((s) => !CLOSED.has(s)),
  closed: [...CLOSED],
};

/** What the citizen is told about the status, without anything personal. */
export const statusNotes = (status: StatusCode): string => STATUS_PUBLIC[status];

/**
 * Procedures offered through Open311: those that take online requests and can
 * be completed without uploading files (Open311 has no file upload).
 */
export const offeredThroughOpen311 = (p: ProcedureSummary): boolean =>
  p.online !== 'khong' && p.status === 'active' && p.onlineForm?.attachments !== 'required';

export function serviceOf(procedure: ProcedureSummary, fieldName: string): Open311Service {
  return {
    service_code: procedure.code,
    service_name: procedure.title,
    description: procedure.summary ?? procedure.title,
    metadata: true,
    type: 'realtime',
    keywords: procedure.keywords.join(', '),
    group: fieldName,
  };
}

const DATATYPE: Record<FormField['type'], Open311Datatype> = {
  text: 'string',
  'person-name': 'string',
  textarea: 'text',
  date: 'datetime',
  number: 'number',
  select: 'singlevaluelist',
  radio: 'singlevaluelist',
  checkbox: 'singlevaluelist',
  email: 'string',
  tel: 'string',
  'id-number': 'string',
};

const DATATYPE_DESCRIPTION: Partial<Record<FormField['type'], string>> = {
  date: 'Ngày theo ISO 8601, ví dụ 2024-01-05',
  number: 'Số, ví dụ 12 hoặc 72.5',
  tel: 'Số di động Việt Nam, ví dụ 0912345678',
  email: 'Địa chỉ email',
  'id-number': '12 chữ số',
  'person-name': 'Họ, chữ đệm và tên có dấu',
};

/** Where a standard Open311 argument can stand in for one of our attributes. */
export const STANDARD_ARGUMENT_FOR: Record<string, string> = {
  [APPLICANT_FIELDS.phone.name]: 'phone',
  [APPLICANT_FIELDS.email.name]: 'email',
  [APPLICANT_FIELDS.address.name]: 'address_string',
  [APPLICANT_FIELDS.fullName.name]: 'last_name + first_name',
};

function attributeOf(
  field: FormField,
  code: string,
  order: number,
  required = field.required,
  note?: string,
): Open311Attribute {
  const datatype = DATATYPE[field.type];
  const description = [field.label, field.hint, note].filter(Boolean).join('. ');
  return {
    variable: true,
    code,
    datatype,
    required,
    datatype_description: DATATYPE_DESCRIPTION[field.type] ?? null,
    order,
    description,
    ...(datatype === 'singlevaluelist'
      ? {
          values:
            field.type === 'checkbox'
              ? [{ key: 'co', name: 'Có' }]
              : (field.options ?? []).map((o) => ({ key: o.value, name: o.label })),
        }
      : {}),
  };
}

/**
 * The service definition: the applicant section, the deciding agency when the
 * citizen chooses, the procedure's own fields and the optional representative.
 * Codes are the input names of the HTML form.
 */
export function serviceAttributes(
  procedure: Procedure,
  agencies: readonly Agency[],
  communes: readonly Commune[],
): Open311Attribute[] {
  const out: Open311Attribute[] = [];
  const add = (make: (order: number) => Open311Attribute) => out.push(make(out.length + 1));
  for (const field of Object.values(APPLICANT_FIELDS)) {
    const standard = STANDARD_ARGUMENT_FOR[field.name];
    add((order) =>
      attributeOf(
        field,
        field.name,
        order,
        field.required,
        standard ? `Có thể gửi bằng tham số chuẩn ${standard}` : undefined,
      ),
    );
  }
  add((order) => ({
    variable: true,
    code: 'xa',
    datatype: 'singlevaluelist',
    required: true,
    datatype_description: null,
    order,
    description: 'Xã nơi cư trú',
    values: [
      ...communes.map((c) => ({ key: c.name, name: c.label })),
      { key: OTHER_COMMUNE, name: 'Nơi khác' },
    ],
  }));
  if (agencies.length > 1) {
    add((order) => ({
      variable: true,
      code: 'co-quan',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order,
      description: 'Nơi giải quyết hồ sơ',
      values: agencies.map((a) => ({ key: a.slug, name: a.name })),
    }));
  }
  for (const field of procedure.onlineForm?.fields ?? []) {
    add((order) => attributeOf(field, `f-${field.name}`, order));
  }
  add((order) => ({
    variable: true,
    code: 'nop-thay',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: null,
    order,
    description: 'Nộp thay cho người khác',
    values: [
      { key: 'co', name: 'Có' },
      { key: 'khong', name: 'Không' },
    ],
  }));
  for (const field of Object.values(REPRESENTATIVE_FIELDS)) {
    add((order) => attributeOf(field, field.name, order, false, 'Bắt buộc khi nop-thay là co'));
  }
  return out;
}

/**
 * The `attribute[code]` and `attribute[code][]` arguments of a form-encoded
 * POST, as code → values. Other arguments are left out.
 */
export function attributeArguments(entries: Iterable<[string, string]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of entries) {
    const match = /^attribute\[([^\][]{1,60})\](\[\])?$/.exec(name);
    if (!match) continue;
    const code = match[1] as string;
    out.set(code, [...(out.get(code) ?? []), value]);
  }
  return out;
}

/** A W3C/ISO 8601 datetime with a timezone ("2010-01-01T00:00:00Z" or "+07:00"). */
export const W3C_DATETIME_RE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Attribute values as our form reads them: ISO datetimes become dates. */
export function formValue(attribute: Open311Attribute | undefined, value: string): string {
  if (attribute?.datatype === 'datetime' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return value.slice(0, 10);
  }
  if (attribute?.code === 'nop-thay') return value === 'co' || value === 'true' ? 'co' : '';
  return value;
}

/** The end of office hours on the due date, the moment Open311 calls "expected". */
export const expectedDatetime = (dueDate: string): string => `${dueDate}T17:00:00${VIETNAM_OFFSET}`;

/** `GET requests` searches at most this many days of requested_datetime. */
export const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The requested_datetime range of `GET requests`, as the specification words it:
 * without dates, the last 90 days; with one date, 90 days from or up to it (never
 * past now); never more than 90 days. An error message when the range is not valid.
 */
export function requestRange(
  startDate: string | undefined,
  endDate: string | undefined,
  now: Date,
): { from: Date; to: Date } | { error: string } {
  const to = endDate
    ? new Date(endDate)
    : startDate
      ? new Date(Math.min(Date.parse(startDate) + MAX_RANGE_DAYS * DAY_MS, now.getTime()))
      : now;
  const from = startDate ? new Date(startDate) : new Date(to.getTime() - MAX_RANGE_DAYS * DAY_MS);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    return { error: 'start_date hoặc end_date không phải thời điểm có thật.' };
  }
  if (from > to) return { error: 'start_date phải trước end_date.' };
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    return { error: `Khoảng start_date–end_date không được quá ${MAX_RANGE_DAYS} ngày.` };
  }
  return { from, to };
}
