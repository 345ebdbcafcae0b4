import { z } from 'zod';
import { version } from '../../package.json' with { type: 'json' };
import { MAX_YEAR, MIN_YEAR } from '../../src/domain/calendar/lunar.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  calendarYearResponse,
  dueDateQuery,
  dueDateResponse,
  errorResponse,
  healthResponse,
  procedureCodeParam,
  procedureListQuery,
  procedureListResponse,
  procedureRecord,
} from '../../src/schemas/api.ts';
import { dvcqgDossierSchema } from '../../src/domain/interop/dvcqg.ts';
import {
  dvcqgReceiptResponse,
  lookupResponse,
  officeQueueResponse,
  statsResponse,
  submissionCreatedResponse,
} from '../../src/schemas/api-responses.ts';
import {
  IDEMPOTENCY_KEY_MESSAGE,
  idempotencyKey,
  lookupSecretHeaders,
} from '../../src/schemas/request.ts';
import { statsQuery } from '../../src/schemas/stats.ts';
import { submissionSchema } from '../../src/schemas/submission.ts';
import {
  nationalPlatformNotice,
  paymentNoticeResponse,
  transferNotice,
} from '../../src/schemas/payment.ts';
import { PROVIDER_IDS } from '../services/payment/providers.ts';
import { acceptsOnline, attachmentInput, submissionContext } from '../services/intake.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the zod schemas the
 * Worker validates with (OpenAPI 3.1 schemas are JSON Schema 2020-12, which
 * zod writes). Operations are listed once, here; a test checks that the list
 * and the routes the Worker serves under /api are the same.
 */

type JsonSchema = Record<string, unknown>;

interface Operation {
  method: 'get' | 'post';
  /** OpenAPI path template, e.g. /api/procedures/{code}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  query?: z.ZodType;
  pathParams?: Record<string, { schema: z.ZodType; description: string }>;
  headers?: Record<string, { schema: z.ZodType; description: string; required?: boolean }>;
  body?: JsonSchema;
  responses: Record<number, { description: string; schema: z.ZodType | JsonSchema }>;
  security?: 'officer' | 'dvcqg';
}

/** A zod schema as JSON Schema 2020-12, with the $schema key left out (OpenAPI sets it). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonSchema;
  return rest;
}

const error = (description: string) => ({ description, schema: errorResponse });

/** Query parameters from a zod object schema, one per property. */
function queryParameters(schema: z.ZodType) {
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(typeof property.title === 'string' || typeof property.description === 'string'
      ? { description: [property.title, property.description].filter(Boolean).join(': ') }
      : {}),
    schema: property,
  }));
}

/** The submission body: one variant per procedure that takes online requests. */
function submissionBody(
  index: CatalogueIndex,
  now: Date,
  online: readonly Procedure[],
): JsonSchema {
  const variants = online.filter(acceptsOnline).map((procedure) => {
    const variant = jsonSchema(
      submissionSchema(procedure, submissionContext(index, procedure, now)),
      'input',
    ) as { properties: Record<string, JsonSchema> };
    variant.properties.attachments = jsonSchema(z.array(attachmentInput).max(20), 'input');
    return { title: `${procedure.code} ${procedure.title}`, ...variant };
  });
  return { oneOf: variants };
}

export function operations(
  index: CatalogueIndex,
  now: Date,
  online: readonly Procedure[],
): Operation[] {
  return [
    {
      method: 'get',
      path: '/api/health',
      tag: 'Hệ thống',
      summary: 'Tình trạng máy chủ và cơ sở dữ liệu',
      responses: {
        200: { description: 'Hoạt động bình thường', schema: healthResponse },
        503: { description: 'Cơ sở dữ liệu không trả lời', schema: healthResponse },
      },
    },
    {
      method: 'get',
      path: '/api/procedures',
      tag: 'Danh mục thủ tục',
      summary: 'Danh sách thủ tục, lọc và tìm kiếm',
      description:
        'Có `q` thì kết quả xếp theo mức phù hợp (tìm có dấu hoặc không dấu); không có thì theo tên.',
      query: procedureListQuery,
      responses: {
        200: { description: 'Danh sách thủ tục', schema: procedureListResponse },
        400: error('Tham số không hợp lệ'),
      },
    },
    {
      method: 'get',
      path: '/api/procedures/{code}',
      tag: 'Danh mục thủ tục',
      summary: 'Toàn bộ thông tin một thủ tục',
      pathParams: {
        code: { schema: procedureCodeParam, description: 'Mã thủ tục, ví dụ 1.001193' },
      },
      responses: {
        200: { description: 'Thủ tục', schema: procedureRecord },
        400: error('Mã thủ tục sai dạng'),
        404: error('Không có thủ tục này'),
      },
    },
    {
      method: 'get',
      path: '/api/calendar/due-date',
      tag: 'Lịch làm việc',
      summary: 'Ngày hẹn trả kết quả theo ngày làm việc',
      query: dueDateQuery,
      responses: {
        200: { description: 'Ngày hẹn và các ngày nghỉ đã bỏ qua', schema: dueDateResponse },
        400: error(
          `Tham số không hợp lệ, hoặc thời điểm tiếp nhận hay ngày hẹn ngoài các năm ${MIN_YEAR}–${MAX_YEAR}`,
        ),
      },
    },
    {
      method: 'get',
      path: '/api/calendar/{year}',
      tag: 'Lịch làm việc',
      summary: 'Ngày nghỉ, ngày làm bù của một năm',
      pathParams: { year: { schema: z.string().regex(/^\d+$/), description: 'Năm, ví dụ 2026' } },
      responses: {
        200: { description: 'Lịch năm', schema: calendarYearResponse },
        400: error(`Năm ngoài phạm vi ${MIN_YEAR}–${MAX_YEAR}`),
        404: error('Không phải năm (chữ số)'),
      },
    },
    {
      method: 'post',
      path: '/api/submissions',
      tag: 'Hồ sơ',
      summary: 'Nộp hồ sơ trực tuyến',
      description:
        'Cùng kiểm tra, mã hồ sơ, lịch và quy trình như biểu mẫu trên trang. Gửi lại với cùng `Idempotency-Key` trả về đúng hồ sơ đã tạo (200, header `Idempotent-Replayed: true`). Các trường `fields` của mỗi thủ tục theo `onlineForm` trong `GET /api/procedures/{code}`.',
      headers: {
        'Idempotency-Key': {
          schema: idempotencyKey,
          description: `Khóa chống gửi trùng. ${IDEMPOTENCY_KEY_MESSAGE}`,
        },
      },
      body: submissionBody(index, now, online),
      responses: {
        200: { description: 'Gửi lại: hồ sơ đã tạo trước đó', schema: submissionCreatedResponse },
        201: { description: 'Đã nhận hồ sơ', schema: submissionCreatedResponse },
        400: error('JSON hoặc mã thủ tục không hợp lệ'),
        404: error('Không có thủ tục này'),
        413: error('Quá 22 MB'),
        415: error('Không phải application/json'),
        422: error('Hồ sơ chưa hợp lệ; `details` chỉ ra từng trường'),
        429: error('Gửi quá nhiều; xem header Retry-After'),
        503: error('Kho lưu tệp tạm thời không hoạt động'),
      },
    },
    {
      method: 'get',
      path: '/api/submissions/{code}',
      tag: 'Hồ sơ',
      summary: 'Tra cứu tình trạng hồ sơ',
      pathParams: { code: { schema: z.string(), description: 'Mã hồ sơ' } },
      headers: {
        'X-Lookup-Secret': {
          schema: lookupSecretHeaders.shape['x-lookup-secret'],
          description: 'Mã bí mật in trên phiếu hẹn',
          required: true,
        },
      },
      responses: {
        200: { description: 'Tình trạng và các bước', schema: lookupResponse },
        401: error('Thiếu mã bí mật'),
        404: error('Sai mã hồ sơ hoặc mã bí mật'),
        429: error('Tra cứu quá nhiều; xem header Retry-After'),
      },
    },
    {
      method: 'get',
      path: '/api/stats',
      tag: 'Thống kê',
      summary: 'Số liệu tiếp nhận, giải quyết, đúng hạn, hài lòng',
      query: statsQuery,
      responses: {
        200: { description: 'Báo cáo thống kê', schema: statsResponse },
        400: error('Tham số không hợp lệ'),
      },
    },
    {
      method: 'get',
      path: '/api/can-bo/ho-so',
      tag: 'Cán bộ',
      summary: 'Hàng đợi hồ sơ của cán bộ đang đăng nhập',
      security: 'officer',
      responses: {
        200: { description: 'Hồ sơ trong phạm vi của cán bộ', schema: officeQueueResponse },
        400: error('Tham số không hợp lệ'),
        401: error('Chưa đăng nhập'),
        403: error('Không có quyền'),
      },
    },
    {
      method: 'post',
      path: '/api/lien-thong/dvcqg/ho-so',
      tag: 'Liên thông',
      summary: 'Nhận hồ sơ nộp trên Cổng Dịch vụ công quốc gia',
      description:
        'Bộ kết nối Cổng DVCQG chuyển về hồ sơ người dân nộp trên Cổng (docs/adr/0017-national-portal-exchange.md). Hồ sơ giữ mã của Cổng, vào hàng đợi của nơi tiếp nhận như hồ sơ trực tuyến. Gửi lại cùng hồ sơ: 200 với cùng nội dung; cùng mã nhưng nội dung khác: 409. Thông tin người nộp và `DuLieuBieuMau` được kiểm tra như hồ sơ nộp trực tuyến của thủ tục.',
      security: 'dvcqg',
      body: jsonSchema(dvcqgDossierSchema, 'input'),
      responses: {
        200: { description: 'Gửi lại: hồ sơ đã nhận trước đó', schema: dvcqgReceiptResponse },
        201: { description: 'Đã nhận hồ sơ', schema: dvcqgReceiptResponse },
        400: error('Nội dung không phải JSON hợp lệ'),
        401: error('Thiếu khóa hoặc khóa không phải loại liên thông DVCQG'),
        409: error('Mã hồ sơ đã dùng cho hồ sơ khác'),
        413: error('Quá 64 KB'),
        415: error('Không phải application/json'),
        422: error('Hồ sơ chưa hợp lệ; `details` chỉ ra từng trường'),
      },
    },
    {
      method: 'post',
      path: '/api/thanh-toan/callback/{provider}',
      tag: 'Hệ thống',
      summary: 'Thông báo thanh toán từ nhà cung cấp (máy chủ tới máy chủ)',
      description:
        'Chỉ dành cho nền tảng thanh toán (`dvcqg`, dạng thông điệp QUAN SÁT ĐƯỢC, chưa có đặc tả công bố) và ngân hàng thu (`chuyen-khoan`). Tiêu đề `X-Timestamp` (giây Unix, lệch tối đa 5 phút) và `X-Signature` (HMAC-SHA-256 dạng hex của `<X-Timestamp>.<thân yêu cầu>` bằng khóa bí mật của kênh). Gửi lại cùng mã giao dịch nhận lại đúng câu trả lời lần đầu, không ghi thêm gì. Xem docs/adr/0018-fees-and-payment.md.',
      pathParams: {
        provider: {
          schema: z.enum(PROVIDER_IDS),
          description: 'Kênh thanh toán: dvcqg hoặc chuyen-khoan',
        },
      },
      headers: {
        'X-Timestamp': {
          schema: z.string().regex(/^\d+$/),
          description: 'Thời điểm ký, giây Unix',
          required: true,
        },
        'X-Signature': {
          schema: z.string().regex(/^[0-9a-f]{64}$/),
          description: 'HMAC-SHA-256 (hex)',
          required: true,
        },
      },
      body: {
        oneOf: [jsonSchema(nationalPlatformNotice, 'input'), jsonSchema(transferNotice, 'input')],
      },
      responses: {
        200: { description: 'Đã ghi nhận (kể cả khi gửi lại)', schema: paymentNoticeResponse },
        400: error('Thiếu trường hoặc sai định dạng'),
        401: error('Chữ ký sai hoặc quá hạn; không ghi nhận gì'),
        404: error('Không có kênh thanh toán này'),
        413: error('Thông báo quá lớn'),
        503: error('Kênh chưa được cấu hình khóa bí mật'),
      },
    },
    {
      method: 'get',
      path: '/api/openapi.json',
      tag: 'Hệ thống',
      summary: 'Tài liệu OpenAPI 3.1 này',
      responses: { 200: { description: 'Tài liệu OpenAPI', schema: { type: 'object' } } },
    },
  ];
}

const isZod = (s: unknown): s is z.ZodType => s instanceof z.ZodType;

/** The whole OpenAPI 3.1 document. */
export function openApiDocument(index: CatalogueIndex, now: Date, online: readonly Procedure[]) {
  const { site } = index.catalogue;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations(index, now, online)) {
    const parameters = [
      ...Object.entries(op.pathParams ?? {}).map(([name, p]) => ({
        name,
        in: 'path',
        required: true,
        description: p.description,
        schema: jsonSchema(p.schema, 'input'),
      })),
      ...(op.query ? queryParameters(op.query) : []),
      ...Object.entries(op.headers ?? {}).map(([name, h]) => ({
        name,
        in: 'header',
        required: h.required ?? false,
        description: h.description,
        schema: jsonSchema(h.schema, 'input'),
      })),
    ];
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = {
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } }
        : {}),
      ...(op.security
        ? { security: [op.security === 'dvcqg' ? { dvcqgKey: [] } : { officerSession: [] }] }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            content: {
              'application/json': { schema: isZod(r.schema) ? jsonSchema(r.schema) : r.schema },
            },
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: `API ${site.name}`,
      version,
      description:
        'API công khai của cổng thủ tục hành chính: danh mục thủ tục, lịch làm việc, nộp và tra cứu hồ sơ, thống kê. Lỗi luôn có dạng `{ "error": { "code", "message", "details" } }` với thông điệp tiếng Việt. Yêu cầu của ứng dụng công dân theo chuẩn Open311 GeoReport v2 ở /open311/v2/ (xem /open311/v2/discovery.json).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: site.url }],
    tags: [
      { name: 'Danh mục thủ tục' },
      { name: 'Lịch làm việc' },
      { name: 'Hồ sơ' },
      { name: 'Thống kê' },
      { name: 'Cán bộ' },
      { name: 'Liên thông' },
      { name: 'Hệ thống' },
    ],
    components: {
      securitySchemes: {
        officerSession: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-mc_session',
          description: 'Phiên đăng nhập của cán bộ tại /can-bo/dang-nhap',
        },
        dvcqgKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Khóa API loại “Liên thông Cổng DVCQG” cấp tại /can-bo/khoa-api',
        },
      },
    },
    paths,
  };
}
