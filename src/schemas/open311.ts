import { z } from 'zod';
import { W3C_DATETIME_RE } from '../domain/open311/georeport.ts';

/**
 * Open311 GeoReport v2 arguments and responses. The routes validate with the
 * argument schemas; the response schemas document the API (OpenAPI) and the
 * conformance tests check every response against them.
 */

const w3cDatetime = (what: string) =>
  z.string().regex(W3C_DATETIME_RE, {
    error: `${what} phải là thời điểm W3C có múi giờ, ví dụ 2026-01-01T00:00:00+07:00`,
  });

/** A comma-delimited list argument ("a,b,c"), empty items dropped. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number, what: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max, { error: `${what} có tối đa ${max} giá trị` }));

export const open311RequestsQuery = z.object({
  jurisdiction_id: z.string().optional(),
  service_request_id: commaList(
    z.string().regex(/^[A-Za-z0-9.-]{1,40}$/, {
      error: 'service_request_id là mã hồ sơ, ví dụ 000.20.27.H43-261127-0001',
    }),
    50,
    'service_request_id',
  ).optional(),
  service_code: commaList(
    z
      .string()
      .regex(/^[A-Za-z0-9.-]{1,20}$/, { error: 'service_code là mã thủ tục, ví dụ 1.001193' }),
    50,
    'service_code',
  ).optional(),
  start_date: w3cDatetime('start_date').optional(),
  end_date: w3cDatetime('end_date').optional(),
  status: commaList(
    z.enum(['open', 'closed'], { error: 'status chỉ nhận open hoặc closed' }),
    2,
    'status',
  ).optional(),
  page: z.coerce
    .number({ error: 'page phải là số' })
    .int({ error: 'page phải là số nguyên' })
    .min(1, { error: 'page bắt đầu từ 1' })
    .max(100_000)
    .default(1),
  page_size: z.coerce
    .number({ error: 'page_size phải là số' })
    .int({ error: 'page_size phải là số nguyên' })
    .min(1, { error: 'page_size tối thiểu là 1' })
    .max(200, { error: 'page_size tối đa là 200' })
    .default(50),
});
export type Open311RequestsQuery = z.output<typeof open311RequestsQuery>;

export const open311Error = z
  .object({ code: z.number().int(), description: z.string() })
  .meta({ id: 'Open311Error' });
export const open311Errors = z.array(open311Error).min(1).meta({ id: 'Open311Errors' });

export const open311Service = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  })
  .strict()
  .meta({ id: 'Open311Service' });
export const open311ServiceList = z.array(open311Service).meta({ id: 'Open311ServiceList' });

export const open311Attribute = z
  .object({
    variable: z.boolean(),
    code: z.string(),
    datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean(),
    datatype_description: z.string().nullable(),
    order: z.number().int().min(1),
    description: z.string(),
    values: z.array(z.object({ key: z.string(), name: z.string() }).strict()).optional(),
  })
  .strict()
  .meta({ id: 'Open311Attribute' });

export const open311ServiceDefinition = z
  .object({ service_code: z.string(), attributes: z.array(open311Attribute) })
  .strict()
  .meta({ id: 'Open311ServiceDefinition' });

export const open311PostResponse = z
  .array(
    z
      .object({
        service_request_id: z.string(),
        service_notice: z.string(),
        account_id: z.string().nullable(),
      })
      .strict(),
  )
  .length(1)
  .meta({ id: 'Open311PostResponse' });

export const open311TokenResponse = z
  .array(z.object({ service_request_id: z.string(), token: z.string() }).strict())
  .length(1)
  .meta({ id: 'Open311TokenResponse' });

export const open311Request = z
  .object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string(),
    service_notice: z.string(),
    requested_datetime: z.string().regex(W3C_DATETIME_RE),
    updated_datetime: z.string().regex(W3C_DATETIME_RE),
    expected_datetime: z.string().regex(W3C_DATETIME_RE),
    address: z.string(),
  })
  .strict()
  .meta({ id: 'Open311Request' });
export const open311Requests = z.array(open311Request).meta({ id: 'Open311Requests' });

export const open311Discovery = z
  .object({
    changeset: z.string().regex(W3C_DATETIME_RE),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(
      z
        .object({
          specification: z.string(),
          url: z.string(),
          changeset: z.string().regex(W3C_DATETIME_RE),
          type: z.enum(['production', 'test']),
          formats: z.array(z.enum(['text/xml', 'application/json'])),
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: 'Open311Discovery' });
