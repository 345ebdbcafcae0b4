import { z } from 'zod';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { CHANNEL, type ChannelCode } from '../../src/domain/dossier/status.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import {
  type Problem,
  problemsOf,
  type Refusal,
  refusal,
  toFormErrors,
} from '../../src/domain/errors.ts';
import {
  APPLICANT_FIELDS,
  NOTIFY_FIELD,
  REPRESENTATIVE_FIELDS,
} from '../../src/domain/forms/fields.ts';
import {
  attributeArguments,
  formValue,
  offeredThroughOpen311,
  serviceAttributes,
} from '../../src/domain/open311/georeport.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import { procedureCodeParam } from '../../src/schemas/api.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { idempotencyKey } from '../../src/schemas/request.ts';
import {
  formNameOfPath,
  OTHER_COMMUNE,
  type PersonSchemas,
  personSchemas,
  type Submission,
  type SubmissionContext,
  submissionSchema,
} from '../../src/schemas/submission.ts';
import { MAX_JSON_SUBMISSION_BYTES } from '../http/body.ts';
import type { Counter } from '../db/rate-limits.ts';
import { type LimitWait, type SubmissionLimiter, waitInWords } from '../http/rate-limit.ts';
import { type CheckedFile, checkAttachments, type IncomingFile } from './attachments.ts';
import { type Accepted, refusalOf, type SubmissionServices, submitDossier } from './submissions.ts';

/**
 * Taking a submission in, whatever the channel: the web form, the JSON API, Open311
 * and the counter read their input, call one function here, and render its result
 * (an accepted dossier, or a refusal through the one error path, src/domain/errors.ts).
 */

/** The communes of the locality, from its commune-level agencies. */
export const communesOf = (index: CatalogueIndex): string[] => index.communes.map((c) => c.name);

/** The communes an applicant may choose: today's and the former ones merged into them. */
export const communeChoicesOf = (index: CatalogueIndex): string[] =>
  index.communeChoices.map((c) => c.name);

export function agenciesOf(
  index: CatalogueIndex,
  procedure: Pick<Procedure, 'agencies'>,
): Agency[] {
  return procedure.agencies
    .map((slug) => index.agencyBySlug.get(slug))
    .filter((a): a is Agency => a !== undefined);
}

export function submissionContext(
  index: CatalogueIndex,
  procedure: Procedure,
  now: Date,
): SubmissionContext {
  return {
    today: vietnamDay(now.toISOString()),
    agencies: agenciesOf(index, procedure).map((a) => ({ slug: a.slug, name: a.name })),
    communes: communeChoicesOf(index),
    ...(procedure.boundaryFree
      ? { returnDesks: index.centresFor(procedure).map((d) => ({ slug: d.slug, name: d.name })) }
      : {}),
  };
}

type SubmissionSchema = ReturnType<typeof submissionSchema>;
interface BuiltSchemas {
  today: string;
  persons: PersonSchemas;
  byProcedure: WeakMap<Procedure, SubmissionSchema>;
}
const builtSchemas = new WeakMap<CatalogueIndex, BuiltSchemas>();

/**
 * The submission schema of a procedure in its own context (its agencies, the locality's
 * communes, today's date), built once per procedure and day and kept with the procedure while
 * the Worker keeps it; the applicant's part, with its list of every commune of the province,
 * is built once a day for all procedures. Building costs more than a parse (ADR 0028, "What a
 * submission costs").
 */
export function submissionSchemaOf(
  index: CatalogueIndex,
  procedure: Procedure,
  now: Date,
): SubmissionSchema {
  const built = schemasOfDay(index, now);
  let schema = built.byProcedure.get(procedure);
  if (!schema) {
    schema = submissionSchema(procedure, submissionContext(index, procedure, now), built.persons);
    built.byProcedure.set(procedure, schema);
  }
  return schema;
}

/** The schemas built for the catalogue on `now`'s day, started afresh on a new day. */
function schemasOfDay(index: CatalogueIndex, now: Date): BuiltSchemas {
  const today = vietnamDay(now.toISOString());
  let built = builtSchemas.get(index);
  if (built?.today !== today) {
    built = {
      today,
      persons: personSchemas({ today, communes: communeChoicesOf(index) }),
      byProcedure: new WeakMap(),
    };
    builtSchemas.set(index, built);
  }
  return built;
}

/** The procedures that take online requests now. */
export const acceptsOnline = (p: Procedure | undefined): p is Procedure =>
  p !== undefined && p.online !== 'khong' && p.status === 'active';

/** Form fields (as posted) → the JSON shape the submission schema validates. */
export function formToInput(form: Record<string, string>, procedure: Procedure) {
  const applicant = Object.fromEntries(
    Object.entries(APPLICANT_FIELDS).map(([key, field]) => [key, form[field.name] ?? '']),
  );
  const onBehalf = form['nop-thay'] === 'co';
  return {
    procedure: procedure.code,
    ...(form['co-quan'] !== undefined && form['co-quan'] !== ''
      ? { agency: form['co-quan'] }
      : procedure.agencies.length > 1
        ? { agency: '' }
        : {}),
    ...(form['noi-tra-ket-qua'] ? { returnDesk: form['noi-tra-ket-qua'] } : {}),
    applicant: {
      ...applicant,
      commune: form.xa ?? '',
      ...(form[NOTIFY_FIELD.name] ? { notifyChannel: form[NOTIFY_FIELD.name] } : {}),
    },
    onBehalf,
    ...(onBehalf
      ? {
          representative: Object.fromEntries(
            Object.entries(REPRESENTATIVE_FIELDS).map(([key, field]) => [
              key,
              form[field.name] ?? '',
            ]),
          ),
        }
      : {}),
    fields: Object.fromEntries(
      (procedure.onlineForm?.fields ?? []).map((f) => [f.name, form[`f-${f.name}`] ?? '']),
    ),
  };
}

/** Problems of a submission as the form shows them: by input name, first one per input. */
export const toSubmissionFormErrors = (problems: readonly Problem[]) =>
  toFormErrors(problems, formNameOfPath);

/** A refusal as the submission form shows it: its problems, or its message when it has none. */
export const refusalFormErrors = (refused: Refusal) =>
  toSubmissionFormErrors(
    refused.problems.length > 0 ? refused.problems : [{ path: '', message: refused.message }],
  );

/** Splits multipart form data into text values and files (tep-N inputs). */
export async function splitFormData(
  data: FormData,
): Promise<{ values: Record<string, string>; files: IncomingFile[] }> {
  const values: Record<string, string> = {};
  const files: IncomingFile[] = [];
  for (const [name, value] of data) {
    if (typeof value === 'string') {
      // A repeated text field keeps its first value; forms here never repeat one.
      if (!(name in values)) values[name] = value;
      continue;
    }
    const match = /^tep-(\d{1,3})$/.exec(name);
    if (!match || value.size === 0) continue;
    files.push({
      documentIndex: Number(match[1]),
      name: value.name,
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { values, files };
}

export type IntakeResult =
  | {
      ok: true;
      accepted: Accepted;
      submission: Submission;
      /** Indexes of the dossier components that came with a file. */
      uploaded: Set<number>;
    }
  | {
      ok: false;
      refusal: Refusal;
      /** With a 429: seconds until the limit resets (the Retry-After header). */
      retryAfter?: number;
    };

export interface IntakeOptions {
  channel: ChannelCode;
  actor: string;
  idempotencyKey?: string | undefined;
  initialStatus?: 1 | 2;
  /** The agencies the dossier may go to, when narrower than the procedure's (the counter). */
  agencies?: readonly Agency[];
  /**
   * The desk that receives it, at the counter the officer's (default: the chosen agency's own
   * desk, as online); `returnDesks` then lists where its result may be collected.
   */
  desk?: Agency | undefined;
  returnDesks?: readonly Agency[] | undefined;
  /** Rate limits of citizens' channels (ADR 0014); none at the counter. */
  limiter?: SubmissionLimiter | undefined;
  /** A dossier filed on the national portal: it keeps DVCQG's code (ADR 0017). */
  dvcqg?: { code: string; requestHash: string } | undefined;
}

/**
 * The 429 of a rate limit, saying the wait in words. `problems`: those of the attempt
 * that went over the limit of refused attempts, so the person can fix them meanwhile.
 */
export function rateLimited(wait: LimitWait, problems: readonly Problem[] = []): Refusal {
  const words = waitInWords(wait.seconds);
  const elsewhere = 'hoặc nộp trực tiếp tại Bộ phận Một cửa';
  switch (wait.scope) {
    case 'address':
      return refusal(
        429,
        'rate_limited',
        `Gửi quá nhiều hồ sơ từ cùng một địa chỉ mạng trong một giờ (nhiều người có thể dùng chung một địa chỉ mạng). Hồ sơ này chưa được gửi; vui lòng gửi lại sau ${words}, ${elsewhere}.`,
      );
    case 'person':
      return refusal(
        429,
        'rate_limited_person',
        `Gửi quá nhiều hồ sơ cho cùng một người (cùng số định danh hoặc cùng số điện thoại) trong một giờ. Hồ sơ này chưa được gửi; vui lòng gửi lại sau ${words}, ${elsewhere}.`,
      );
    case 'invalid': {
      const message = `Có quá nhiều lần gửi chưa hợp lệ từ cùng một địa chỉ mạng trong một giờ. Hồ sơ này chưa được gửi; vui lòng gửi lại sau ${words}${problems.length > 0 ? ' (trong lúc chờ, hãy sửa các lỗi được chỉ ra)' : ''}, ${elsewhere}.`;
      return refusal(
        429,
        'rate_limited_invalid',
        message,
        problems.length > 0 ? [{ path: '', message }, ...problems] : [],
      );
    }
  }
}

type Refused = Extract<IntakeResult, { ok: false }>;

/**
 * Counts a refused attempt (ADR 0014: against the address's limit of refused attempts,
 * never its submissions); past that limit, the refusal becomes a 429 that keeps its problems.
 */
export async function countRefusal(
  refused: Refusal,
  limiter: SubmissionLimiter | undefined,
): Promise<Refused> {
  if (!limiter || refused.status === 429 || refused.status >= 500)
    return { ok: false, refusal: refused };
  const wait = await limiter.refused();
  if (!wait) return { ok: false, refusal: refused };
  return {
    ok: false,
    refusal: rateLimited(wait, refused.status === 422 ? refused.problems : []),
    retryAfter: wait.seconds,
  };
}

const counted = async (
  result: IntakeResult,
  limiter: SubmissionLimiter | undefined,
): Promise<IntakeResult> =>
  // A 429 of the limits (it carries its wait) was counted already.
  result.ok || result.retryAfter ? result : countRefusal(result.refusal, limiter);

/** A submission that passed its procedure's schema and the attachment checks. */
export type Checked =
  | { ok: true; submission: Submission; files: CheckedFile[] }
  | { ok: false; refusal: Refusal };

/** The schema a submission is checked with: the procedure's own, or one for the desk's choices. */
function schemaFor(
  index: CatalogueIndex,
  procedure: Procedure,
  options: Pick<IntakeOptions, 'agencies' | 'returnDesks'>,
  now: Date,
): SubmissionSchema {
  if (!options.agencies && !options.returnDesks) return submissionSchemaOf(index, procedure, now);
  const context = submissionContext(index, procedure, now);
  if (options.agencies)
    context.agencies = options.agencies.map((a) => ({ slug: a.slug, name: a.name }));
  if (options.returnDesks)
    context.returnDesks = options.returnDesks.map((d) => ({ slug: d.slug, name: d.name }));
  return submissionSchema(procedure, context, schemasOfDay(index, now).persons);
}

/**
 * Checks a submission against its procedure (the schema of its form and the attachments, all
 * problems at once); "Nơi khác" with an address in one of the locality's communes becomes that
 * commune. Shared by single dossiers and chains (functions/services/chains.ts).
 */
export function checkSubmission(
  index: CatalogueIndex,
  procedure: Procedure,
  input: unknown,
  files: readonly IncomingFile[],
  options: Pick<IntakeOptions, 'agencies' | 'returnDesks'>,
  now: Date,
): Checked {
  const parsed = schemaFor(index, procedure, options, now).safeParse(input);
  const attachments = checkAttachments(procedure, files);
  const problems = [...(parsed.success ? [] : problemsOf(parsed.error)), ...attachments.problems];
  if (!parsed.success) {
    return {
      ok: false,
      refusal: refusal(422, 'invalid_submission', 'Hồ sơ chưa hợp lệ.', problems),
    };
  }
  if (problems.length > 0) {
    return {
      ok: false,
      refusal: refusal(422, 'invalid_attachments', 'Tệp đính kèm chưa hợp lệ.', problems),
    };
  }
  const { applicant } = parsed.data;
  if (applicant.commune === OTHER_COMMUNE) {
    const named = index.communeOf({ address: applicant.address });
    if (named) parsed.data.applicant = { ...applicant, commune: named };
  }
  return { ok: true, submission: parsed.data, files: attachments.files };
}

/**
 * Stores a submission whose rate-limit counters are counted in the store's own transaction
 * (ADR 0014, ADR 0028): when `reached` says a counter had no room, nothing was stored, and the
 * wait is looked up and said. If the window turned in between there is room now, and the store
 * runs once more; full again at once (another request took that room), a moment's wait.
 */
export async function storeWithinLimits<T, Reached extends T>(
  store: () => Promise<T>,
  reached: (result: T) => result is Reached,
  limiter: SubmissionLimiter | undefined,
  counters: readonly Counter[] | undefined,
): Promise<
  { ok: true; value: Exclude<T, Reached> } | { ok: false; refusal: Refusal; retryAfter: number }
> {
  let value = await store();
  if (reached(value) && limiter && counters) {
    const wait = await limiter.waitOf(counters);
    if (wait) return { ok: false, refusal: rateLimited(wait), retryAfter: wait.seconds };
    value = await store();
  }
  if (reached(value)) {
    return { ok: false, refusal: rateLimited({ scope: 'address', seconds: 1 }), retryAfter: 1 };
  }
  return { ok: true, value: value as Exclude<T, Reached> };
}

/**
 * Checks a submission (the schema of its procedure and the attachments, all problems
 * at once) and hands it to `submitDossier`; a refusal of either comes back as one.
 */
export async function intake(
  services: SubmissionServices,
  procedure: Procedure,
  input: unknown,
  files: readonly IncomingFile[],
  options: IntakeOptions,
): Promise<IntakeResult> {
  const checked = checkSubmission(services.index, procedure, input, files, options, services.now());
  if (!checked.ok) return checked;
  const { submission, files: accepted } = checked;
  const { initialStatus, channel, actor, idempotencyKey: key, limiter } = options;
  // Counted once it validated, in the transaction that stores it and only while the limits
  // have room (ADR 0014, ADR 0028); a retry of a dossier already taken in (its key is known)
  // creates nothing, so it is not counted and always gets its receipt back.
  const counters = limiter ? await limiter.counters(submission.applicant) : undefined;
  const nowSeconds = Math.floor(services.now().getTime() / 1000);
  const store = () =>
    submitDossier(services, procedure, submission, accepted, {
      channel,
      actor,
      idempotencyKey: key,
      ...(initialStatus ? { initialStatus } : {}),
      desk: options.desk,
      dvcqg: options.dvcqg,
      counted: counters ? { counters, nowSeconds } : undefined,
    });
  const stored = await storeWithinLimits(
    store,
    (outcome): outcome is { kind: 'limit-reached' } => outcome.kind === 'limit-reached',
    limiter,
    counters,
  );
  if (!stored.ok) return stored;
  const outcome = stored.value;
  if (outcome.kind !== 'accepted') return { ok: false, refusal: refusalOf(outcome) };
  return {
    ok: true,
    accepted: outcome,
    submission: submission,
    uploaded: new Set(accepted.map((f) => f.documentIndex)),
  };
}

/**
 * The online form's POST: its fields and files. The form carries its own idempotency
 * key (a hidden field); `nextKey` is the key the form shown again should carry (a new
 * one when this one was already used for another dossier).
 */
export async function submitFromForm(
  services: SubmissionServices,
  procedure: Procedure,
  values: Record<string, string>,
  files: readonly IncomingFile[],
  limiter?: SubmissionLimiter,
): Promise<IntakeResult & { nextKey: string }> {
  const given = idempotencyKey.safeParse(values['idempotency-key']);
  const key = given.success ? given.data : crypto.randomUUID();
  if ((values.website ?? '') !== '') {
    // The honeypot: people do not see this field, form-filling robots do.
    return {
      ...(await countRefusal(refusal(400, 'rejected', 'Yêu cầu không hợp lệ.'), limiter)),
      nextKey: key,
    };
  }
  const checked = await intake(services, procedure, formToInput(values, procedure), files, {
    channel: CHANNEL.ONLINE,
    actor: 'citizen',
    idempotencyKey: key,
    limiter,
  });
  const reused = !checked.ok && checked.refusal.code === 'idempotency_key_reused';
  return { ...(await counted(checked, limiter)), nextKey: reused ? crypto.randomUUID() : key };
}

export const attachmentInput = z.strictObject({
  document: z.number().int().min(0).max(99),
  fileName: z.string().max(200).default('tep'),
  /** The file, base64-encoded. */
  data: z
    .string()
    .max(MAX_JSON_SUBMISSION_BYTES)
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, { error: 'data phải là base64' }),
});
const attachmentList = z.array(attachmentInput).max(20).default([]);

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data.replace(/[\r\n]/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * `POST /api/submissions`: a JSON object naming its procedure, with attachments in
 * base64. The procedure is found first, so that every other field is checked
 * against that procedure's form.
 */
export async function submitFromApi(
  services: SubmissionServices,
  body: unknown,
  key: string | undefined,
  limiter?: SubmissionLimiter,
): Promise<IntakeResult> {
  return counted(await submitJson(services, body, key, limiter), limiter);
}

async function submitJson(
  services: SubmissionServices,
  body: unknown,
  key: string | undefined,
  limiter: SubmissionLimiter | undefined,
): Promise<IntakeResult> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      refusal: refusal(400, 'invalid_json', 'Nội dung phải là một đối tượng JSON.'),
    };
  }
  const { attachments: rawAttachments, ...rest } = body as Record<string, unknown>;
  const code = typeof rest.procedure === 'string' ? rest.procedure : '';
  if (!procedureCodeParam.safeParse(code).success) {
    return {
      ok: false,
      refusal: refusal(
        400,
        'invalid_procedure',
        'Thiếu hoặc sai mã thủ tục (procedure), ví dụ "1.001193".',
        [{ path: 'procedure', message: 'mã thủ tục có dạng 1.001193' }],
      ),
    };
  }
  const procedure = await services.index.procedureForCode(code);
  if (!procedure)
    return { ok: false, refusal: refusal(404, 'not_found', `Không có thủ tục mã ${code}.`) };
  if (!acceptsOnline(procedure)) {
    return {
      ok: false,
      refusal: refusal(422, 'not_online', `Thủ tục ${code} không nhận hồ sơ trực tuyến.`),
    };
  }
  const attachments = attachmentList.safeParse(rawAttachments);
  if (!attachments.success) {
    const schema = submissionSchemaOf(services.index, procedure, services.now()).safeParse(rest);
    return {
      ok: false,
      refusal: refusal(422, 'invalid_submission', 'Hồ sơ chưa hợp lệ.', [
        ...(schema.success ? [] : problemsOf(schema.error)),
        ...problemsOf(attachments.error, ['attachments']),
      ]),
    };
  }
  let files: IncomingFile[];
  try {
    files = attachments.data.map((a) => ({
      documentIndex: a.document,
      name: a.fileName,
      bytes: decodeBase64(a.data),
    }));
  } catch {
    return {
      ok: false,
      refusal: refusal(422, 'invalid_submission', 'Tệp đính kèm không phải base64 hợp lệ.', [
        { path: 'attachments', message: 'base64 không hợp lệ' },
      ]),
    };
  }
  return intake(services, procedure, rest, files, {
    channel: CHANNEL.ONLINE,
    actor: 'citizen',
    idempotencyKey: key,
    limiter,
  });
}

/**
 * Open311 `POST requests`: the arguments of the specification (service_code, a
 * location, the person's name and contacts, `attribute[code]`) mapped onto the form,
 * then taken in like any online dossier.
 */
export async function submitFromOpen311(
  services: SubmissionServices,
  args: URLSearchParams,
  options: { actor: string; idempotencyKey: string | undefined },
): Promise<IntakeResult> {
  const { index } = services;
  const arg = (name: string): string | undefined => args.get(name)?.trim() || undefined;
  const serviceCode = arg('service_code');
  if (!serviceCode)
    return { ok: false, refusal: refusal(400, 'invalid_request', 'Thiếu service_code.') };
  const listed = index.procedureByCode.get(serviceCode);
  const procedure =
    listed && offeredThroughOpen311(listed) ? await index.procedure(listed.slug) : undefined;
  if (!procedure) {
    return {
      ok: false,
      refusal: refusal(
        404,
        'not_found',
        `service_code "${serviceCode}" không có hoặc không nhận yêu cầu qua Open311.`,
      ),
    };
  }
  const hasLocation =
    arg('address_string') !== undefined ||
    arg('address_id') !== undefined ||
    (arg('lat') !== undefined && arg('long') !== undefined);
  if (!hasLocation) {
    return {
      ok: false,
      refusal: refusal(
        400,
        'invalid_request',
        'Cần một tham số vị trí: address_string (địa chỉ nơi ở), address_id, hoặc lat và long.',
      ),
    };
  }
  const attributes = serviceAttributes(procedure, agenciesOf(index, procedure), index.communes);
  const byCode = new Map(attributes.map((a) => [a.code, a]));
  const given = attributeArguments(args.entries());
  const wrong: Problem[] = [];
  const form: Record<string, string> = {};
  for (const [code, values] of given) {
    if (!byCode.has(code)) {
      wrong.push({
        path: '',
        message: `attribute[${code}] không có trong định nghĩa dịch vụ ${procedure.code}.`,
      });
    } else if (values.length > 1) {
      wrong.push({ path: '', message: `attribute[${code}] chỉ nhận một giá trị.` });
    } else {
      form[code] = formValue(byCode.get(code), values[0] ?? '');
    }
  }
  if (wrong.length > 0) {
    return { ok: false, refusal: refusal(400, 'invalid_request', 'Tham số chưa hợp lệ.', wrong) };
  }
  form['ho-ten'] ??= [arg('last_name'), arg('first_name')].filter(Boolean).join(' ');
  form['dien-thoai'] ??= arg('phone') ?? '';
  form.email ??= arg('email') ?? '';
  form['dia-chi'] ??= arg('address_string') ?? '';
  return intake(services, procedure, formToInput(form, procedure), [], {
    channel: CHANNEL.ONLINE,
    actor: options.actor,
    idempotencyKey: options.idempotencyKey,
  });
}

/**
 * The Open311 name of a problem's path: `attribute[<input>]` for the form's fields; the
 * refusal's own message (null) for the idempotency key, whose problem speaks to a
 * citizen at the form; none (the message says it all) otherwise.
 */
export function open311LabelOf(path: string): string | null | undefined {
  if (path === 'idempotencyKey') return null;
  if (/^(applicant|representative|fields|agency|returnDesk|onBehalf)(\.|$)/.test(path)) {
    const name = formNameOfPath(path);
    return name ? `attribute[${name}]` : undefined;
  }
  return undefined;
}
