import { type Context, Hono } from 'hono';
import { vietnamIso, vietnamMidnight } from '../../src/domain/calendar/dates.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { formatSecret } from '../../src/domain/dossier/code.ts';
import { sha256Hex } from '../../src/domain/dossier/secret.ts';
import { formatDate } from '../../src/domain/format.ts';
import { type Refusal, toOpen311Descriptions } from '../../src/domain/errors.ts';
import {
  expectedDatetime,
  GEOREPORT_SPEC,
  NATIONAL_STATUSES,
  offeredThroughOpen311,
  requestRange,
  open311Status,
  serviceAttributes,
  serviceOf,
  statusNotes,
} from '../../src/domain/open311/georeport.ts';
import { toXml } from '../../src/domain/open311/xml.ts';
import { open311RequestsQuery } from '../../src/schemas/open311.ts';
import type { ProcedureSummary } from '../../src/catalogue/summary.ts';
import {
  IDEMPOTENCY_KEY_MESSAGE,
  idempotencyHeaders,
  idempotencyKey,
  open311JurisdictionQuery,
} from '../../src/schemas/request.ts';
import { configOf } from '../../src/schemas/env.ts';
import { useApiKey } from '../db/api-keys.ts';
import {
  codeForKeyHash,
  dossiersByCode,
  dossiersReceived,
  type PublicDossierRow,
} from '../db/open311.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, mediaType, readLimited } from '../http/body.ts';
import { type EncodedBody, encodeBody, encodedResponse } from '../http/gzip.ts';
import { readHeaders, readQuery } from '../http/query.ts';
import { overLimit } from '../http/rate-limit.ts';
import { agenciesOf, open311LabelOf, submitFromOpen311 } from '../services/intake.ts';
import { lookupUrl } from '../services/receipt.ts';

/**
 * Open311 GeoReport v2 under /open311/v2/, in XML (the default) and JSON, as
 * the specification words it. A request is an ordinary dossier: the same code,
 * calendar and lifecycle as one submitted on the site.
 */

export const OPEN311_BASE = '/open311/v2';
const MAX_POST_BYTES = 64 * 1024;

type Format = 'xml' | 'json';
type Ctx = Context<AppEnv>;

/** `name.json` → json; `name.xml` or a bare name → XML, the specification's default. */
export function splitFormat(file: string): { name: string; format: Format } {
  const match = /^(.*)\.(json|xml)$/.exec(file);
  return match
    ? { name: match[1] as string, format: match[2] as Format }
    : { name: file, format: 'xml' };
}

/** The jurisdiction: the site's host without "www.", as the specification suggests. */
export const jurisdictionOf = (siteUrl: string): string =>
  new URL(siteUrl).hostname.replace(/^www\./, '');

/** A body in the requested format, with its content type. */
function serialize(format: Format, root: string, body: unknown) {
  return format === 'json'
    ? { text: JSON.stringify(body), type: 'application/json; charset=utf-8' }
    : { text: toXml(root, body), type: 'text/xml; charset=utf-8' };
}

function respond(c: Ctx, format: Format, root: string, body: unknown, status = 200) {
  const serialized = serialize(format, root, body);
  c.header('cache-control', 'no-store');
  return c.body(serialized.text, status as 200, { 'content-type': serialized.type });
}

type Open311Status = 400 | 403 | 404 | 429 | 503;

function fail(c: Ctx, format: Format, status: Open311Status, ...descriptions: string[]) {
  return respond(
    c,
    format,
    'errors',
    descriptions.map((description) => ({ code: status, description })),
    status,
  );
}

/**
 * A refusal as Open311 words it (src/domain/errors.ts): `{ code, description }` items,
 * the form's fields named `attribute[<code>]`. The specification answers bad input with
 * 400, so 413, 415 and 422 become 400.
 */
function refuse(c: Ctx, format: Format, refused: Refusal) {
  const status: Open311Status =
    refused.status === 403 ||
    refused.status === 404 ||
    refused.status === 429 ||
    refused.status === 503
      ? refused.status
      : 400;
  return fail(c, format, status, ...toOpen311Descriptions(refused, open311LabelOf));
}

export function open311Routes(index: CatalogueIndex, now: () => Date) {
  const { site } = index.catalogue;
  const jurisdiction = jurisdictionOf(site.url);
  const endpoint = new URL(OPEN311_BASE, site.url).toString();
  // The catalogue changes when an editor reviews a procedure: its latest review date.
  const lastReview =
    index.catalogue.procedures
      .map((p) => p.lastReviewed)
      .sort()
      .at(-1) ?? '2000-01-01';
  const changeset = vietnamMidnight(lastReview);
  const offered = index.catalogue.procedures.filter(offeredThroughOpen311);
  const offeredByCode = new Map(offered.map((p) => [p.code, p]));
  const serviceLists = new Map<Format, Promise<EncodedBody>>();
  const { communes } = index;
  const fieldName = (p: ProcedureSummary) => index.fieldBySlug.get(p.field)?.name ?? p.field;
  const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;

  /** A 404 when the client names another jurisdiction; undefined when fine. */
  const checkJurisdiction = (c: Ctx, format: Format, given: string | undefined) =>
    given && given !== jurisdiction
      ? fail(
          c,
          format,
          404,
          `jurisdiction_id "${given}" không có; máy chủ này phục vụ "${jurisdiction}".`,
        )
      : undefined;

  /** The arguments every Open311 resource may take in its query string. */
  const queryOf = (
    c: Ctx,
  ): { jurisdiction_id?: string | undefined; api_key?: string | undefined } => {
    const read = readQuery(c, open311JurisdictionQuery);
    return read.ok ? read.value : {};
  };

  const publicRequest = (row: PublicDossierRow) => {
    const desk = index.agencyBySlug.get(row.deskSlug);
    return {
      service_request_id: row.code,
      status: open311Status(row.status),
      status_notes: statusNotes(row.status),
      service_name: row.procedureTitle,
      service_code: row.procedureCode,
      description: `Hồ sơ thủ tục ${row.procedureTitle}`,
      agency_responsible: agencyName(row.agencySlug),
      service_notice: `Hạn trả kết quả: ${formatDate(row.dueDate)}. Trả kết quả tại ${desk?.name ?? 'Bộ phận Một cửa'}.`,
      requested_datetime: vietnamIso(new Date(row.receivedAt)),
      updated_datetime: vietnamIso(new Date(row.updatedAt)),
      expected_datetime: expectedDatetime(row.dueDate),
      address: desk?.address ?? site.locality.name,
    };
  };

  const app = new Hono<AppEnv>();

  app.get(`${OPEN311_BASE}/:file{discovery(?:\\.(?:json|xml))?}`, (c) => {
    const { format } = splitFormat(c.req.param('file'));
    const endpointOf = (url: string, type: 'production' | 'test') => ({
      specification: GEOREPORT_SPEC,
      url,
      changeset,
      type,
      formats: ['text/xml', 'application/json'],
    });
    // A local or staging instance also offers itself, so a client that follows discovery
    // stays on the server it asked; only an origin on the allow-list, never any Host.
    const origin = new URL(c.req.url).origin;
    const testOrigins = configOf(c.env).OPEN311_TEST_ORIGINS ?? [];
    const test =
      origin !== new URL(endpoint).origin && testOrigins.includes(origin)
        ? [endpointOf(new URL(OPEN311_BASE, origin).toString(), 'test')]
        : [];
    return respond(c, format, 'discovery', {
      changeset,
      contact: `${site.accessibilityContact ?? site.name}${site.hotline ? `, đường dây nóng ${site.hotline}` : ''}`,
      key_service: `Khóa API (api_key) để gửi yêu cầu do quản trị viên ${site.name} cấp; liên hệ ${site.hotline ?? site.url}.`,
      endpoints: [endpointOf(endpoint, 'production'), ...test],
    });
  });

  app.get(`${OPEN311_BASE}/:file{services(?:\\.(?:json|xml))?}`, async (c) => {
    const { format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, queryOf(c).jurisdiction_id);
    if (wrong) return wrong;
    // The same for every request of an isolate: serialized, encoded and gzip'ed once per
    // format, then sent as bytes (about 700 KB of JSON at 6,000 procedures, ADR 0025).
    let list = serviceLists.get(format);
    if (!list) {
      const { text, type } = serialize(
        format,
        'services',
        offered.map((p) => serviceOf(p, fieldName(p))),
      );
      list = encodeBody(text, type);
      serviceLists.set(format, list);
      list.catch(() => serviceLists.delete(format));
    }
    return encodedResponse(c.req.raw, await list, { 'cache-control': 'no-store' });
  });

  app.get(`${OPEN311_BASE}/services/:file`, async (c) => {
    const { name, format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, queryOf(c).jurisdiction_id);
    if (wrong) return wrong;
    const listed = offeredByCode.get(name);
    const procedure = listed && (await index.procedure(listed.slug));
    if (!procedure) {
      return fail(
        c,
        format,
        404,
        `service_code "${name}" không có hoặc không nhận yêu cầu qua Open311.`,
      );
    }
    return respond(c, format, 'service_definition', {
      service_code: procedure.code,
      attributes: serviceAttributes(procedure, agenciesOf(index, procedure), communes),
    });
  });

  app.get(`${OPEN311_BASE}/tokens/:file`, async (c) => {
    const { name, format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, queryOf(c).jurisdiction_id);
    if (wrong) return wrong;
    if (!idempotencyKey.safeParse(name).success) {
      return fail(
        c,
        format,
        400,
        `token là Idempotency-Key của yêu cầu: ${IDEMPOTENCY_KEY_MESSAGE}`,
      );
    }
    const code = await codeForKeyHash(c.env.DB, await sha256Hex(name));
    if (!code) return fail(c, format, 404, `Không có yêu cầu nào với token "${name}".`);
    return respond(c, format, 'service_requests', [{ service_request_id: code, token: name }]);
  });

  app.get(`${OPEN311_BASE}/requests/:file`, async (c) => {
    const { name, format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, queryOf(c).jurisdiction_id);
    if (wrong) return wrong;
    if (!/^[A-Za-z0-9.-]{1,40}$/.test(name)) {
      return fail(
        c,
        format,
        400,
        'service_request_id là mã hồ sơ, ví dụ 000.20.27.H43-261127-0001.',
      );
    }
    const rows = await dossiersByCode(c.env.DB, [name]);
    if (rows.length === 0) return fail(c, format, 404, `Không có yêu cầu mã "${name}".`);
    return respond(c, format, 'service_requests', rows.map(publicRequest));
  });

  app.get(`${OPEN311_BASE}/:file{requests(?:\\.(?:json|xml))?}`, async (c) => {
    const { format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, queryOf(c).jurisdiction_id);
    if (wrong) return wrong;
    // "Optional" arguments: an empty value is the same as none.
    const parsed = readQuery(c, open311RequestsQuery, { blankIsAbsent: true });
    if (!parsed.ok) return refuse(c, format, parsed.refusal);
    const q = parsed.value;
    if (q.service_request_id) {
      const rows = await dossiersByCode(c.env.DB, q.service_request_id);
      return respond(c, format, 'service_requests', rows.map(publicRequest));
    }
    const range = requestRange(q.start_date, q.end_date, now());
    if ('error' in range) return fail(c, format, 400, range.error);
    const rows = await dossiersReceived(c.env.DB, {
      from: vietnamIso(range.from),
      to: vietnamIso(range.to),
      procedureCodes: q.service_code,
      statuses: q.status ? [...new Set(q.status.flatMap((s) => NATIONAL_STATUSES[s]))] : undefined,
      limit: q.page_size,
      offset: (q.page - 1) * q.page_size,
    });
    return respond(c, format, 'service_requests', rows.map(publicRequest));
  });

  app.post(`${OPEN311_BASE}/:file{requests(?:\\.(?:json|xml))?}`, async (c) => {
    const { format } = splitFormat(c.req.param('file'));
    const at = now();
    if (mediaType(c.req.raw) !== 'application/x-www-form-urlencoded') {
      return fail(
        c,
        format,
        400,
        'Gửi yêu cầu dạng application/x-www-form-urlencoded; charset=utf-8.',
      );
    }
    let args: URLSearchParams;
    try {
      args = new URLSearchParams(
        new TextDecoder('utf-8', { fatal: true }).decode(
          await readLimited(c.req.raw, MAX_POST_BYTES),
        ),
      );
    } catch (error) {
      return fail(
        c,
        format,
        400,
        error instanceof BodyTooLarge
          ? `Yêu cầu vượt quá ${MAX_POST_BYTES / 1024} KB.`
          : 'Nội dung không phải UTF-8 hợp lệ.',
      );
    }
    const arg = (name: string): string | undefined => args.get(name)?.trim() || undefined;
    const wrong = checkJurisdiction(c, format, arg('jurisdiction_id'));
    if (wrong) return wrong;
    const apiKey = arg('api_key') ?? queryOf(c).api_key;
    const key =
      apiKey && apiKey.length <= 200
        ? await useApiKey(c.env.DB, await sha256Hex(apiKey), at.toISOString())
        : undefined;
    if (!key) {
      return fail(
        c,
        format,
        403,
        apiKey ? 'api_key không đúng hoặc đã bị thu hồi.' : 'Thiếu api_key.',
      );
    }
    const wait = await overLimit(c, 'open311', at, key.id);
    if (wait) {
      c.header('retry-after', String(wait));
      return fail(
        c,
        format,
        429,
        'Gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau.',
      );
    }
    const headers = readHeaders(c, idempotencyHeaders, 'invalid_idempotency_key');
    if (!headers.ok) return refuse(c, format, headers.refusal);
    const result = await submitFromOpen311(
      { db: c.env.DB, files: c.env.FILES, index, now: () => at },
      args,
      { actor: `open311:${key.id}`, idempotencyKey: headers.value['idempotency-key'] },
    );
    if (!result.ok) return refuse(c, format, result.refusal);
    const outcome = result.accepted;
    if (outcome.replayed) c.header('idempotent-replayed', 'true');
    const secret = formatSecret(outcome.secret);
    return respond(c, format, 'service_requests', [
      {
        service_request_id: outcome.code,
        service_notice: `Đã nhận hồ sơ ${outcome.code}. Mã bí mật để tra cứu: ${secret} (chỉ gửi một lần; hãy chuyển cho người nộp). Ngày hẹn trả kết quả dự kiến: ${formatDate(outcome.dueDate)}, tính khi Bộ phận Một cửa tiếp nhận. Tra cứu: ${lookupUrl(site.url, outcome.code, outcome.secret)}`,
        account_id: null,
      },
    ]);
  });

  // Anything else under the endpoint: an Open311 error, not the site's 404 page.
  app.all(`${OPEN311_BASE}/*`, (c) => {
    const format: Format = c.req.path.endsWith('.json') ? 'json' : 'xml';
    return fail(
      c,
      format,
      404,
      `Không có ${c.req.method} ${c.req.path}. Xem ${OPEN311_BASE}/discovery.xml.`,
    );
  });

  return app;
}
