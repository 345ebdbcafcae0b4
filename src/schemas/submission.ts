import { z } from 'zod';
import {
  APPLICANT_FIELDS,
  checkField,
  type FieldContext,
  NOTIFY_FIELD,
  REPRESENTATIVE_FIELDS,
} from '../domain/forms/fields.ts';
import { CHANNEL_LABELS, NOTIFY_CHANNELS } from '../domain/notify/delivery.ts';
import { BEHALF_MISSING, CHOICE_MESSAGES } from '../domain/forms/messages.ts';
import type { FormField } from './online-form.ts';
import type { Procedure } from './procedure.ts';

/**
 * The request a citizen submits online, built per procedure from its
 * `onlineForm` definition. The JSON API validates its body with this schema and
 * the HTML form is mapped onto the same shape first, so both follow one rule set.
 */

export interface SubmissionContext {
  /** Today in Vietnam, `YYYY-MM-DD`. */
  today: string;
  /** Agencies the citizen may choose from (the procedure's agencies), by slug. */
  agencies: readonly { slug: string; name: string }[];
  /** Communes of the locality, for the applicant's address. */
  communes: readonly string[];
  /**
   * Where the citizen may collect the result (`returnDesk`), for a procedure received
   * regardless of administrative boundary: the province's centres. Absent: the receiving desk.
   */
  returnDesks?: readonly { slug: string; name: string }[] | undefined;
}

export const OTHER_COMMUNE = 'khac';

/** The email is optional, unless the applicant chose to hear by email. */
export const EMAIL_FOR_NOTICES =
  'Nhập email để nhận thông báo qua email, hoặc chọn cách nhận thông báo khác.';

/** Form input name of each JSON path, so API-style errors land next to the right field. */
export function formNameOf(path: readonly PropertyKey[]): string {
  const [head, key] = path;
  if (head === 'applicant' && typeof key === 'string') {
    if (key === 'commune') return 'xa';
    if (key === 'notifyChannel') return NOTIFY_FIELD.name;
    return APPLICANT_FIELDS[key as keyof typeof APPLICANT_FIELDS]?.name ?? String(key);
  }
  // "Nộp thay cần thông tin người nộp thay": the first of the representative's inputs.
  if (head === 'representative' && key === undefined) return REPRESENTATIVE_FIELDS.fullName.name;
  if (head === 'representative' && typeof key === 'string') {
    return REPRESENTATIVE_FIELDS[key as keyof typeof REPRESENTATIVE_FIELDS]?.name ?? String(key);
  }
  if (head === 'fields' && typeof key === 'string') return `f-${key}`;
  if (head === 'attachments') return `tep-${String(key ?? 0)}`;
  if (head === 'agency') return 'co-quan';
  if (head === 'returnDesk') return 'noi-tra-ket-qua';
  if (head === 'onBehalf') return 'nop-thay';
  return String(head ?? '');
}

/**
 * The form input of a dotted problem path (src/domain/errors.ts), e.g. `applicant.phone`
 * → `dien-thoai`, `fields.loai-giay-to` → `f-loai-giay-to`, `attachments.2` → `tep-2`;
 * undefined for a path no input shows (the request as a whole, the idempotency key).
 */
export function formNameOfPath(path: string): string | undefined {
  if (!path || path.startsWith('idempotencyKey') || path.startsWith('headers.')) return undefined;
  return formNameOf(path.split('.')) || undefined;
}

/**
 * Runs a cross-field check whenever the fields it reads are valid themselves, even when
 * other fields are not (zod skips an object's refinements after any issue otherwise), so
 * a form shows every problem in one round.
 */
const whenValid =
  (...keys: string[]) =>
  (payload: {
    value: unknown;
    issues: readonly { code?: string; path?: readonly PropertyKey[] }[];
  }) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((issue) =>
      issue.path?.length
        ? keys.includes(String(issue.path[0]))
        : issue.code !== 'unrecognized_keys',
    );

/** No other field's value: the checks of fields that stand alone. */
const none = () => ({});

const stringInput = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** A zod string field that cleans and checks its value with the shared rule. */
function ruled(
  field: FormField,
  context: Pick<SubmissionContext, 'today'>,
  values: () => Record<string, string>,
) {
  return stringInput.optional().transform((raw, ctx) => {
    const fieldContext: FieldContext = { today: context.today, values: values() };
    const { value, error } = checkField(field, raw, fieldContext);
    if (error) {
      ctx.issues.push({ code: 'custom', input: raw, message: error });
      return z.NEVER;
    }
    return value;
  });
}

/**
 * The applicant and the representative: the same for every procedure of a locality on one
 * day, so they can be built once and shared (`submissionSchema`'s third argument).
 */
export function personSchemas(context: Pick<SubmissionContext, 'today' | 'communes'>) {
  const applicant = z
    .strictObject({
      fullName: ruled(APPLICANT_FIELDS.fullName, context, none),
      idNumber: ruled(APPLICANT_FIELDS.idNumber, context, none),
      birthDate: ruled(APPLICANT_FIELDS.birthDate, context, none),
      phone: ruled(APPLICANT_FIELDS.phone, context, none),
      email: ruled(APPLICANT_FIELDS.email, context, none),
      address: ruled(APPLICANT_FIELDS.address, context, none),
      commune: z.enum([...context.communes, OTHER_COMMUNE] as unknown as [string, ...string[]], {
        error: CHOICE_MESSAGES.xa,
      }),
      notifyChannel: z
        .enum(NOTIFY_CHANNELS, {
          error: `Chọn một cách nhận thông báo: ${NOTIFY_CHANNELS.map((c) => CHANNEL_LABELS[c]).join(', ')}.`,
        })
        .optional()
        .meta({
          description:
            'Kênh nhận thông báo: zalo, sms hoặc email; bỏ trống: email nếu có, nếu không thì SMS. Kênh chưa gửi được (chưa có mẫu Zalo) thì gửi bằng SMS.',
        }),
    })
    .superRefine(
      (value, ctx) => {
        if (value.notifyChannel === 'email' && !value.email) {
          ctx.addIssue({ code: 'custom', path: ['email'], message: EMAIL_FOR_NOTICES });
        }
      },
      { when: whenValid('notifyChannel', 'email') },
    )
    .superRefine(
      (value, ctx) => {
        // The century-and-sex digit and the year digits of the ID number against the date of birth.
        const { error } = checkField(APPLICANT_FIELDS.idNumber, value.idNumber, {
          today: context.today,
          values: { 'ngay-sinh': value.birthDate },
        });
        if (error) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: error });
      },
      { when: whenValid('idNumber', 'birthDate') },
    );

  const representative = z.strictObject({
    fullName: ruled(REPRESENTATIVE_FIELDS.fullName, context, none),
    idNumber: ruled(REPRESENTATIVE_FIELDS.idNumber, context, none),
    phone: ruled(REPRESENTATIVE_FIELDS.phone, context, none),
    relation: ruled(REPRESENTATIVE_FIELDS.relation, context, none),
  });
  return { applicant, representative };
}

export type PersonSchemas = ReturnType<typeof personSchemas>;

export function submissionSchema(
  procedure: Procedure,
  context: SubmissionContext,
  { applicant, representative }: PersonSchemas = personSchemas(context),
) {
  const fieldShape: Record<string, z.ZodType> = {};
  for (const field of procedure.onlineForm?.fields ?? []) {
    fieldShape[field.name] = ruled(field, context, none);
  }

  const agencySlugs = context.agencies.map((a) => a.slug) as unknown as [string, ...string[]];
  const returnSlugs = (context.returnDesks ?? []).map((d) => d.slug) as unknown as [
    string,
    ...string[],
  ];
  return z
    .strictObject({
      procedure: z.literal(procedure.code, { error: `mã thủ tục phải là ${procedure.code}` }),
      agency:
        agencySlugs.length > 1
          ? z.enum(agencySlugs, { error: CHOICE_MESSAGES['co-quan'] })
          : z.enum(agencySlugs).default(agencySlugs[0]),
      ...(returnSlugs.length > 0
        ? {
            returnDesk: z
              .enum(returnSlugs, { error: CHOICE_MESSAGES['noi-tra-ket-qua'] })
              .optional()
              .meta({
                description:
                  'Nơi nhận kết quả (một Trung tâm Phục vụ hành chính công trong tỉnh); bỏ trống: nơi tiếp nhận hồ sơ',
              }),
          }
        : {}),
      applicant,
      onBehalf: z.boolean({ error: 'onBehalf là true hoặc false' }).default(false),
      representative: representative.optional(),
      fields: z.strictObject(fieldShape).default({}),
    })
    .superRefine(
      (value, ctx) => {
        if (value.onBehalf && !value.representative) {
          ctx.addIssue({
            code: 'custom',
            path: ['representative'],
            message: BEHALF_MISSING,
          });
        }
      },
      { when: whenValid('onBehalf', 'representative') },
    )
    .transform(({ representative: rep, ...rest }) => ({
      ...rest,
      representative: rest.onBehalf ? rep : undefined,
    }));
}

export type Submission = z.output<ReturnType<typeof submissionSchema>>;
