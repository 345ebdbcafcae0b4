import type { FormField } from '../../schemas/online-form.ts';
import { isRealIsoDate, normaliseDate } from '../calendar/dates.ts';
import {
  checkBirthDate,
  checkEmail,
  checkIdNumber,
  checkMobile,
  checkPersonName,
  normalisePhone,
} from '../validate/personal.ts';
import { CHOICE_MESSAGES, chooseMessage, requiredMessage } from './messages.ts';

/**
 * One rule set for the online request form, used by the zod schema the Worker
 * validates with and by the script that checks fields as the citizen types.
 * Values arrive as strings (form posts) and leave normalised.
 */

/** The common applicant section, as fields of the same kind as a procedure's own. */
export const APPLICANT_FIELDS = {
  fullName: {
    name: 'ho-ten',
    label: 'Họ, chữ đệm và tên',
    type: 'person-name',
    required: true,
    maxLength: 100,
  },
  idNumber: {
    name: 'so-dinh-danh',
    label: 'Số định danh cá nhân (số căn cước)',
    hint: '12 chữ số, in trên thẻ căn cước hoặc căn cước công dân.',
    type: 'id-number',
    required: true,
  },
  birthDate: { name: 'ngay-sinh', label: 'Ngày sinh', type: 'date', required: true, past: true },
  phone: {
    name: 'dien-thoai',
    label: 'Số điện thoại di động',
    hint: 'Để cán bộ liên hệ khi cần bổ sung hồ sơ.',
    type: 'tel',
    required: true,
  },
  email: { name: 'email', label: 'Email', type: 'email', required: false },
  address: {
    name: 'dia-chi',
    label: 'Địa chỉ nơi ở hiện tại',
    hint: 'Số nhà, thôn, xã.',
    type: 'text',
    required: true,
    maxLength: 300,
  },
} as const satisfies Record<string, FormField>;

/**
 * How the applicant wants to hear about the dossier (docs/adr/0019-notifications.md); the
 * options are the channels this deployment offers (NOTIFY_CHANNELS), given when rendered.
 */
export const NOTIFY_FIELD = {
  name: 'nhan-tin',
  label: 'Nhận thông báo về hồ sơ qua',
  hint: 'Khi hồ sơ được tiếp nhận, cần bổ sung hoặc có kết quả. Không chọn: qua email nếu có, nếu không thì tin nhắn SMS.',
  type: 'radio',
  required: false,
} as const satisfies FormField;

export const REPRESENTATIVE_FIELDS = {
  fullName: {
    name: 'nguoi-nop-ho-ten',
    label: 'Họ và tên người nộp thay',
    type: 'person-name',
    required: true,
    maxLength: 100,
  },
  idNumber: {
    name: 'nguoi-nop-so-dinh-danh',
    label: 'Số định danh cá nhân của người nộp thay',
    type: 'id-number',
    required: true,
  },
  phone: {
    name: 'nguoi-nop-dien-thoai',
    label: 'Số điện thoại của người nộp thay',
    type: 'tel',
    required: true,
  },
  relation: {
    name: 'nguoi-nop-quan-he',
    label: 'Quan hệ với người có yêu cầu',
    hint: 'Ví dụ: con, cha, mẹ, người được ủy quyền.',
    type: 'text',
    required: true,
    maxLength: 100,
  },
} as const satisfies Record<string, FormField>;

const DEFAULT_MAX = { text: 200, textarea: 2000 } as const;

/** Trims, collapses inner whitespace and normalises Unicode to NFC. */
export const cleanText = (value: string): string =>
  value
    .normalize('NFC')
    // Control and invisible format characters (zero-width, bidirectional overrides), except line breaks and tabs.
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : ''))
    .trim();

export interface FieldContext {
  /** Today in Vietnam, `YYYY-MM-DD` (for dates that must be in the past). */
  today: string;
  /** Other values of the same form, already cleaned (for cross-field checks). */
  values: Readonly<Record<string, string>>;
}

/**
 * Cleans one value and checks it against its field. Returns the value to store
 * and, when it is not acceptable, the message to show next to the field.
 */
export function checkField(
  field: FormField,
  raw: string | undefined,
  context: FieldContext,
): { value: string; error?: string } {
  let value = cleanText(raw ?? '');
  if (field.type === 'textarea') value = value.replace(/\r\n?/g, '\n');
  else value = value.replace(/\s+/g, ' ');
  if (field.type === 'checkbox') value = value === '' || value === 'false' ? '' : 'co';
  if (field.type === 'date') value = normaliseDate(value);
  if (field.type === 'tel') value = value && normalisePhone(value);
  if (field.type === 'id-number') value = value.replace(/[\s.-]/g, '');
  if (field.type === 'email') value = value.toLowerCase();

  if (value === '') {
    if (field.required && CHOICE_MESSAGES[field.name] !== undefined)
      return { value, error: chooseMessage(field) };
    return field.required ? { value, error: requiredMessage(field) } : { value };
  }
  const max =
    field.maxLength ?? (field.type === 'textarea' ? DEFAULT_MAX.textarea : DEFAULT_MAX.text);
  if ([...value].length > max) return { value, error: `${field.label} dài quá ${max} ký tự` };

  switch (field.type) {
    case 'date': {
      if (!isRealIsoDate(value))
        return { value, error: `${field.label}: viết dạng ngày/tháng/năm, ví dụ 05/01/2024` };
      if (field.name === 'ngay-sinh') {
        const error = checkBirthDate(value, context.today);
        if (error) return { value, error };
      } else if (field.past && value > context.today) {
        return { value, error: `${field.label} không thể sau ngày hôm nay` };
      }
      return { value };
    }
    case 'number': {
      // Vietnamese writing: "50.000.000" is fifty million, "72,5" is seventy-two and a half.
      const plain = /^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(value)
        ? value.replace(/\./g, '').replace(',', '.')
        : /^-?\d+(?:[.,]\d+)?$/.test(value)
          ? value.replace(',', '.')
          : undefined;
      if (plain === undefined) return { value, error: `${field.label} phải là một số` };
      const n = Number(plain);
      if (field.min !== undefined && n < field.min)
        return { value, error: `${field.label} nhỏ nhất là ${field.min}` };
      if (field.max !== undefined && n > field.max)
        return { value, error: `${field.label} lớn nhất là ${field.max}` };
      return { value: String(n) };
    }
    case 'select':
    case 'radio': {
      const ok = field.options?.some((o) => o.value === value);
      return ok ? { value } : { value, error: chooseMessage(field) };
    }
    case 'email': {
      const error = checkEmail(value);
      return error ? { value, error } : { value };
    }
    case 'tel': {
      const error = checkMobile(value);
      return error ? { value, error } : { value };
    }
    case 'id-number': {
      const birth = field.name === 'so-dinh-danh' ? context.values['ngay-sinh'] : undefined;
      const error = checkIdNumber(value, birth ? normaliseDate(birth) : undefined);
      return error ? { value, error } : { value };
    }
    case 'person-name': {
      const error = checkPersonName(value);
      return error ? { value, error } : { value };
    }
    default:
      return { value };
  }
}
