import {
  CHANNEL_LABELS,
  type ChannelType,
  type DocumentItem,
  type FeeItem,
  type Procedure,
} from '../../schemas/procedure.ts';
import type { CatalogueIndex } from '../catalogue-index.ts';
import { describeFee } from '../format.ts';
import { routes } from '../routes.ts';

/**
 * The columns of the catalogue's open data, defined once: the CSV header, the field
 * names of the JSON objects and the column table on /du-lieu-mo/ all come from here.
 * Keys are stable: add columns at the end, never rename or remove one.
 */

/** How a value is written: JSON gets the type itself, CSV its text form. */
export type ColumnType = 'text' | 'number' | 'date' | 'list' | 'url';

/** A cell: `null` when the procedure has no value, a list of texts for `list` columns. */
export type CellValue = string | number | null | readonly string[];

/** What the column values are computed from. */
export interface OpenDataContext {
  index: CatalogueIndex;
  /** Absolute URL on the public site. */
  absoluteUrl: (path: string) => string;
}

export interface Column {
  /** Field name in JSON and header in CSV: ASCII, stable. */
  key: string;
  /** Vietnamese name shown in the documentation. */
  label: string;
  type: ColumnType;
  /** What the value means, in Vietnamese. */
  description: string;
  value: (procedure: Procedure, ctx: OpenDataContext) => CellValue;
}

/** Vietnamese names of the column types, for the documentation. */
export const COLUMN_TYPE_LABELS: Record<ColumnType, string> = {
  text: 'Văn bản',
  number: 'Số',
  date: 'Ngày (YYYY-MM-DD)',
  list: 'Danh sách',
  url: 'Địa chỉ web',
};

const channelNames = (channels: readonly ChannelType[]): string =>
  channels.map((c) => CHANNEL_LABELS[c]).join(', ');

/** "Lệ phí đăng ký tạm trú: 15.000 đ/lần đăng ký (khi nộp: Trực tiếp)" */
export function feeText(fee: FeeItem): string {
  const amount = describeFee(fee);
  const channels = fee.channels ? ` (khi nộp: ${channelNames(fee.channels)})` : '';
  const which = fee.case ? ` (${fee.case})` : '';
  return `${fee.name}${which}${amount ? `: ${amount}` : ''}${channels}`;
}

/** "Tờ khai đăng ký khai sinh (Nếu nộp thay)": the document and when it is needed. */
const documentText = (d: DocumentItem): string =>
  d.condition ? `${d.name} (${d.condition})` : d.name;

export const PROCEDURE_COLUMNS: readonly Column[] = [
  {
    key: 'code',
    label: 'Mã thủ tục',
    type: 'text',
    description: 'Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001193.',
    value: (p) => p.code,
  },
  {
    key: 'title',
    label: 'Tên thủ tục',
    type: 'text',
    description: 'Tên đầy đủ như trong quyết định công bố.',
    value: (p) => p.title,
  },
  {
    key: 'summary',
    label: 'Mô tả ngắn',
    type: 'text',
    description: 'Thủ tục dùng để làm gì, một hai câu; trống nếu chưa có.',
    value: (p) => p.summary ?? null,
  },
  {
    key: 'field',
    label: 'Mã lĩnh vực',
    type: 'text',
    description: 'Mã lĩnh vực, ví dụ ho-tich.',
    value: (p) => p.field,
  },
  {
    key: 'fieldName',
    label: 'Lĩnh vực',
    type: 'text',
    description: 'Tên lĩnh vực, ví dụ Hộ tịch.',
    value: (p, ctx) => ctx.index.fieldBySlug.get(p.field)?.name ?? p.field,
  },
  {
    key: 'level',
    label: 'Cấp thực hiện',
    type: 'text',
    description: 'tinh (cấp tỉnh), huyen (cấp huyện) hoặc xa (cấp xã).',
    value: (p) => p.level,
  },
  {
    key: 'agencies',
    label: 'Cơ quan thực hiện',
    type: 'list',
    description: 'Tên các cơ quan giải quyết thủ tục.',
    value: (p, ctx) => p.agencies.map((slug) => ctx.index.agencyBySlug.get(slug)?.name ?? slug),
  },
  {
    key: 'online',
    label: 'Dịch vụ công trực tuyến',
    type: 'text',
    description: 'khong (không có), mot-phan (một phần) hoặc toan-trinh (toàn trình).',
    value: (p) => p.online,
  },
  {
    key: 'channels',
    label: 'Cách thức thực hiện',
    type: 'list',
    description: 'Trực tiếp, Dịch vụ bưu chính công ích, Trực tuyến.',
    value: (p) => p.channels.map((c) => CHANNEL_LABELS[c.type]),
  },
  {
    key: 'processingDays',
    label: 'Thời hạn giải quyết',
    type: 'number',
    description: 'Số ngày làm việc; 0 là giải quyết trong ngày.',
    value: (p) => p.time.days,
  },
  {
    key: 'fees',
    label: 'Phí, lệ phí',
    type: 'list',
    description: 'Mỗi khoản: tên, mức thu (đồng) và hình thức nộp áp dụng; trống nếu không thu.',
    value: (p) => p.fees.map(feeText),
  },
  {
    key: 'documents',
    label: 'Thành phần hồ sơ',
    type: 'list',
    description: 'Tên các giấy tờ cần nộp, kèm trường hợp cần nếu có.',
    value: (p) => p.documents.map(documentText),
  },
  {
    key: 'applicants',
    label: 'Đối tượng thực hiện',
    type: 'list',
    description: 'Ai được làm thủ tục này.',
    value: (p) => p.applicants,
  },
  {
    key: 'result',
    label: 'Kết quả thực hiện',
    type: 'list',
    description: 'Giấy tờ người dân nhận được.',
    value: (p) => p.result,
  },
  {
    key: 'legalBasis',
    label: 'Căn cứ pháp lý',
    type: 'list',
    description: 'Số ký hiệu và trích yếu văn bản, ví dụ 60/2014/QH13: Luật Hộ tịch.',
    value: (p) => p.legalBasis.map((d) => `${d.number}: ${d.title}`),
  },
  {
    key: 'publicationDecision',
    label: 'Quyết định công bố',
    type: 'text',
    description: 'Quyết định công bố thủ tục; trống nếu chưa ghi.',
    value: (p) => p.publication?.decision ?? null,
  },
  {
    key: 'publicationDate',
    label: 'Ngày công bố',
    type: 'date',
    description: 'Ngày ban hành quyết định công bố; trống nếu chưa ghi.',
    value: (p) => p.publication?.date ?? null,
  },
  {
    key: 'effectiveDate',
    label: 'Ngày hiệu lực',
    type: 'date',
    description: 'Ngày thủ tục có hiệu lực; trống nếu chưa ghi.',
    value: (p) => p.effectiveDate ?? null,
  },
  {
    key: 'lastReviewed',
    label: 'Ngày rà soát',
    type: 'date',
    description: 'Ngày cán bộ biên tập đối chiếu nội dung với văn bản gốc gần nhất.',
    value: (p) => p.lastReviewed,
  },
  {
    key: 'status',
    label: 'Tình trạng',
    type: 'text',
    description: 'active (đang áp dụng), suspended (tạm ngừng) hoặc repealed (đã bãi bỏ).',
    value: (p) => p.status,
  },
  {
    key: 'replacedBy',
    label: 'Thay thế bởi',
    type: 'text',
    description: 'Mã thủ tục thay thế khi đã bãi bỏ; trống nếu không có.',
    value: (p) => p.replacedBy ?? null,
  },
  {
    key: 'url',
    label: 'Trang thủ tục',
    type: 'url',
    description: 'Địa chỉ trang thủ tục trên cổng.',
    value: (p, ctx) => ctx.absoluteUrl(routes.procedure(p.slug)),
  },
];

/** One procedure as a flat record keyed by the column keys, in column order. */
export function procedureRecord(
  procedure: Procedure,
  ctx: OpenDataContext,
  columns: readonly Column[] = PROCEDURE_COLUMNS,
): Record<string, CellValue> {
  return Object.fromEntries(columns.map((c) => [c.key, c.value(procedure, ctx)]));
}
