import { Hono } from 'hono';
import { z } from 'zod';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { formatSecret } from '../../src/domain/dossier/code.ts';
import { CHANNEL, STATUS_NAMES, type StatusCode } from '../../src/domain/dossier/status.ts';
import { procedureCodeParam } from '../../src/schemas/api.ts';
import { submissionSchema } from '../../src/schemas/submission.ts';
import type { AppEnv } from '../env.ts';
import { BodyTooLarge, MAX_JSON_SUBMISSION_BYTES, mediaType, readLimited } from '../http/body.ts';
import { apiError, zodDetails } from '../http/errors.ts';
import { overLimit } from '../http/rate-limit.ts';
import { checkAttachments, type IncomingFile } from '../services/attachments.ts';
import { acceptsOnline, submissionContext } from '../services/intake.ts';
import { submitDossier } from '../services/submissions.ts';
import { lookupUrl } from '../services/receipt.ts';

const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_.:-]{8,128}$/;

export const attachmentInput = z.strictObject({
  document: z.number().int().min(0).max(99),
  fileName: z.string().max(200).default('tep'),
  /** The file, base64-encoded. */
  data: z
    .string()
    .max(MAX_JSON_SUBMISSION_BYTES)
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, { error: 'data phải là base64' }),
});

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data.replace(/[\r\n]/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * `POST /api/submissions`: the online submission as JSON, for other portals and
 * apps. Same validation, code, calendar and lifecycle as the web form. A retried
 * request with the same `Idempotency-Key` returns the same dossier (200 instead
 * of 201, header `Idempotent-Replayed: true`), never a second one.
 */
export function submissionsApi(index: CatalogueIndex, now: () => Date) {
  return new Hono<AppEnv>().post('/', async (c) => {
    c.header('cache-control', 'no-store');
    const at = now();
    if (mediaType(c.req.raw) !== 'application/json') {
      return apiError(c, 415, 'unsupported_media_type', 'Gửi dữ liệu dạng application/json.');
    }
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      return apiError(
        c,
        400,
        'invalid_idempotency_key',
        'Idempotency-Key gồm 8–128 ký tự chữ, số, dấu gạch.',
      );
    }
    const wait = await overLimit(c, 'submit', at);
    if (wait) {
      c.header('retry-after', String(wait));
      return apiError(
        c,
        429,
        'rate_limited',
        'Gửi quá nhiều hồ sơ trong thời gian ngắn. Vui lòng thử lại sau.',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(
        new TextDecoder('utf-8', { fatal: true }).decode(
          await readLimited(c.req.raw, MAX_JSON_SUBMISSION_BYTES),
        ),
      );
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return apiError(c, 413, 'payload_too_large', 'Dữ liệu gửi lên vượt quá 22 MB.');
      return apiError(c, 400, 'invalid_json', 'Nội dung không phải JSON hợp lệ (UTF-8).');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return apiError(c, 400, 'invalid_json', 'Nội dung phải là một đối tượng JSON.');
    }
    const { attachments: rawAttachments, ...rest } = body as Record<string, unknown>;
    const code = typeof rest.procedure === 'string' ? rest.procedure : '';
    if (!procedureCodeParam.safeParse(code).success) {
      return apiError(
        c,
        400,
        'invalid_procedure',
        'Thiếu hoặc sai mã thủ tục (procedure), ví dụ "1.001193".',
        [{ path: 'procedure', message: 'mã thủ tục có dạng 1.001193' }],
      );
    }
    const procedure = index.procedureByCode.get(code);
    if (!procedure) return apiError(c, 404, 'not_found', `Không có thủ tục mã ${code}.`);
    if (!acceptsOnline(procedure)) {
      return apiError(c, 422, 'not_online', `Thủ tục ${code} không nhận hồ sơ trực tuyến.`);
    }
    const parsed = submissionSchema(procedure, submissionContext(index, procedure, at)).safeParse(
      rest,
    );
    const attachmentsParsed = z
      .array(attachmentInput)
      .max(20)
      .default([])
      .safeParse(rawAttachments);
    if (!parsed.success || !attachmentsParsed.success) {
      const details = [
        ...(parsed.success ? [] : zodDetails(parsed.error)),
        ...(attachmentsParsed.success
          ? []
          : zodDetails(attachmentsParsed.error).map((d) => ({
              ...d,
              path: `attachments.${d.path}`,
            }))),
      ];
      return apiError(c, 422, 'invalid_submission', 'Hồ sơ chưa hợp lệ.', details);
    }
    let incoming: IncomingFile[];
    try {
      incoming = attachmentsParsed.data.map((a) => ({
        documentIndex: a.document,
        name: a.fileName,
        bytes: decodeBase64(a.data),
      }));
    } catch {
      return apiError(c, 422, 'invalid_submission', 'Tệp đính kèm không phải base64 hợp lệ.', [
        { path: 'attachments', message: 'base64 không hợp lệ' },
      ]);
    }
    const files = checkAttachments(procedure, incoming);
    if (files.errors.length > 0) {
      return apiError(
        c,
        422,
        'invalid_attachments',
        'Tệp đính kèm chưa hợp lệ.',
        files.errors.map((e) => ({
          path: `attachments.${e.name.replace('tep-', '')}`,
          message: e.message,
        })),
      );
    }
    const outcome = await submitDossier(
      { db: c.env.DB, files: c.env.FILES, index, now: () => at },
      procedure,
      parsed.data,
      files.files,
      { channel: CHANNEL.ONLINE, actor: 'citizen', idempotencyKey: key },
    );
    if (outcome.kind === 'idempotency-mismatch') {
      return apiError(
        c,
        422,
        'idempotency_key_reused',
        'Idempotency-Key này đã dùng cho một yêu cầu khác.',
      );
    }
    if (outcome.kind === 'infected') {
      return apiError(
        c,
        422,
        'infected_attachment',
        `Tệp "${outcome.documentName}" có dấu hiệu chứa mã độc.`,
      );
    }
    if (outcome.kind === 'storage-unavailable') {
      return apiError(
        c,
        503,
        'storage_unavailable',
        'Kho lưu tệp tạm thời không hoạt động; hồ sơ chưa được nhận.',
      );
    }
    if (outcome.replayed) c.header('idempotent-replayed', 'true');
    return c.json(
      {
        code: outcome.code,
        secret: formatSecret(outcome.secret),
        status: { code: outcome.status, name: STATUS_NAMES[outcome.status as StatusCode] },
        receivedAt: outcome.receivedAt,
        countedFrom: outcome.countedFrom,
        dueDate: outcome.dueDate,
        provisional: outcome.provisional,
        lookupUrl: lookupUrl(index.catalogue.site.url, outcome.code, outcome.secret),
      },
      outcome.replayed ? 200 : 201,
    );
  });
}
