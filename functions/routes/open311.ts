import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { formatSecret } from '../../src/domain/dossier/code.ts';
import { sha256Hex } from '../../src/domain/dossier/secret.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import { vietnamIso } from '../../src/domain/dossier/timeliness.ts';
import { formatDate } from '../../src/domain/format.ts';
import {
  attributeArguments,
  expectedDatetime,
  formValue,
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
import type { Procedure } from '../../src/schemas/procedure.ts';
import { formNameOf, submissionSchema } from '../../src/schemas/submission.ts';
import { useApiKey } from '../db/api-keys.ts';
import {
  codeForKeyHash,
  dossiersByCode,
  dossiersReceived,
  type PublicDossierRow,
} from '../db/open311.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, mediaType, readLimited } from '../http/body.ts';
import { overLimit } from '../http/rate-limit.ts';
import { checkAttachments } from '../services/attachments.ts';
import { agenciesOf, formToInput, submissionContext } from '../services/intake.ts';
import { lookupUrl } from '../services/receipt.ts';
import { submitDossier } from '../services/submissions.ts';

/**
 * Open311 GeoReport v2 under /open311/v2/, in XML (the default) and JSON, as
 * the specification words it. A request is an ordinary dossier: the same code,
 * calendar and lifecycle as one submitted on the site.
 */

export const OPEN311_BASE = '/open311/v2';
const MAX_POST_BYTES = 64 * 1024;
const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_.:-]{8,128}$/;

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

function respond(c: Ctx, format: Format, root: string, body: unknown, status = 200) {
  c.header('cache-control', 'no-store');
  if (format === 'json') {
    return c.body(JSON.stringify(body), status as 200, {
      'content-type': 'application/json; charset=utf-8',
    });
  }
  return c.body(toXml(root, body), status as 200, { 'content-type': 'text/xml; charset=utf-8' });
}

function fail(c: Ctx, format: Format, status: 400 | 403 | 404 | 429, ...descriptions: string[]) {
  return respond(
    c,
    format,
    'errors',
    descriptions.map((description) => ({ code: status, description })),
    status,
  );
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
  const changeset = `${lastReview}T00:00:00+07:00`;
  const offered = index.catalogue.procedures.filter(offeredThroughOpen311);
  const offeredByCode = new Map(offered.map((p) => [p.code, p]));
  const { communes } = index;
  const fieldName = (p: Procedure) => index.fieldBySlug.get(p.field)?.name ?? p.field;
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
    return respond(c, format, 'discovery', {
      changeset,
      contact: `${site.accessibilityContact ?? site.name}${site.hotline ? `, đường dây nóng ${site.hotline}` : ''}`,
      key_service: `Khóa API (api_key) để gửi yêu cầu do quản trị viên ${site.name} cấp; liên hệ ${site.hotline ?? site.url}.`,
      endpoints: [
        {
          specification: GEOREPORT_SPEC,
          url: endpoint,
          changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
  });

  app.get(`${OPEN311_BASE}/:file{services(?:\\.(?:json|xml))?}`, (c) => {
    const { format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, c.req.query('jurisdiction_id'));
    if (wrong) return wrong;
    return respond(
      c,
      format,
      'services',
      offered.map((p) => serviceOf(p, fieldName(p))),
    );
  });

  app.get(`${OPEN311_BASE}/services/:file`, (c) => {
    const { name, format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, c.req.query('jurisdiction_id'));
    if (wrong) return wrong;
    const procedure = offeredByCode.get(name);
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
    const wrong = checkJurisdiction(c, format, c.req.query('jurisdiction_id'));
    if (wrong) return wrong;
    if (!IDEMPOTENCY_KEY_RE.test(name)) {
      return fail(c, format, 400, 'token gồm 8–128 ký tự chữ, số, dấu chấm, gạch.');
    }
    const code = await codeForKeyHash(c.env.DB, await sha256Hex(name));
    if (!code) return fail(c, format, 404, `Không có yêu cầu nào với token "${name}".`);
    return respond(c, format, 'service_requests', [{ service_request_id: code, token: name }]);
  });

  app.get(`${OPEN311_BASE}/requests/:file`, async (c) => {
    const { name, format } = splitFormat(c.req.param('file'));
    const wrong = checkJurisdiction(c, format, c.req.query('jurisdiction_id'));
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
    // "Optional" arguments: an empty value is the same as none.
    const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
    const wrong = checkJurisdiction(c, format, raw.jurisdiction_id);
    if (wrong) return wrong;
    const parsed = open311RequestsQuery.safeParse(raw);
    if (!parsed.success) {
      return fail(
        c,
        format,
        400,
        ...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const q = parsed.data;
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
    const arg = (name: string): string | undefined => {
      const value = args.get(name)?.trim();
      return value ? value : undefined;
    };
    const wrong = checkJurisdiction(c, format, arg('jurisdiction_id'));
    if (wrong) return wrong;
    const apiKey = arg('api_key') ?? c.req.query('api_key');
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
    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_RE.test(idempotencyKey)) {
      return fail(c, format, 400, 'Idempotency-Key gồm 8–128 ký tự chữ, số, dấu chấm, gạch.');
    }
    const serviceCode = arg('service_code');
    if (!serviceCode) return fail(c, format, 400, 'Thiếu service_code.');
    const procedure = offeredByCode.get(serviceCode);
    if (!procedure) {
      return fail(
        c,
        format,
        404,
        `service_code "${serviceCode}" không có hoặc không nhận yêu cầu qua Open311.`,
      );
    }
    const hasLocation =
      arg('address_string') !== undefined ||
      arg('address_id') !== undefined ||
      (arg('lat') !== undefined && arg('long') !== undefined);
    if (!hasLocation) {
      return fail(
        c,
        format,
        400,
        'Cần một tham số vị trí: address_string (địa chỉ nơi ở), address_id, hoặc lat và long.',
      );
    }

    const attributes = serviceAttributes(procedure, agenciesOf(index, procedure), communes);
    const byCode = new Map(attributes.map((a) => [a.code, a]));
    const given = attributeArguments(args.entries());
    const unknown = [...given.keys()].filter((code) => !byCode.has(code));
    if (unknown.length > 0) {
      return fail(
        c,
        format,
        400,
        ...unknown.map(
          (code) => `attribute[${code}] không có trong định nghĩa dịch vụ ${procedure.code}.`,
        ),
      );
    }
    const form: Record<string, string> = {};
    for (const [code, values] of given) {
      if (values.length > 1) {
        return fail(c, format, 400, `attribute[${code}] chỉ nhận một giá trị.`);
      }
      form[code] = formValue(byCode.get(code), values[0] ?? '');
    }
    const name = [arg('last_name'), arg('first_name')].filter(Boolean).join(' ');
    form['ho-ten'] ??= name;
    form['dien-thoai'] ??= arg('phone') ?? '';
    form.email ??= arg('email') ?? '';
    form['dia-chi'] ??= arg('address_string') ?? '';

    const parsed = submissionSchema(procedure, submissionContext(index, procedure, at)).safeParse(
      formToInput(form, procedure),
    );
    if (!parsed.success) {
      return fail(c, format, 400, ...describeIssues(parsed.error));
    }
    const files = checkAttachments(procedure, []);
    if (files.errors.length > 0) {
      return fail(c, format, 400, ...files.errors.map((e) => e.message));
    }
    const outcome = await submitDossier(
      { db: c.env.DB, files: c.env.FILES, index, now: () => at },
      procedure,
      parsed.data,
      [],
      { channel: CHANNEL.ONLINE, actor: `open311:${key.id}`, idempotencyKey },
    );
    if (outcome.kind === 'idempotency-mismatch') {
      return fail(c, format, 400, 'Idempotency-Key này đã dùng cho một yêu cầu khác.');
    }
    if (outcome.kind !== 'accepted') {
      return fail(c, format, 400, 'Không nhận được yêu cầu lúc này. Vui lòng thử lại sau.');
    }
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

/** zod issues as Open311 error descriptions naming the attribute to fix. */
function describeIssues(error: z.ZodError): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of error.issues) {
    const name = formNameOf(issue.path);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(`attribute[${name}]: ${issue.message}`);
  }
  return out;
}
