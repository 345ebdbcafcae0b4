import { catalogue } from 'virtual:mot-cua/catalogue';
import { APPLICANT_FIELDS } from '../../src/domain/forms/fields.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

export const ONLINE = catalogue.procedures.find(
  (p) => p.slug === 'cap-ban-sao-trich-luc-ho-tich',
) as Procedure;
if (!ONLINE || ONLINE.online === 'khong') throw new Error('demo procedure 2.000635 must be online');

/** A valid value for each of a procedure's own form fields. */
export function validFields(procedure: Procedure): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of procedure.onlineForm?.fields ?? []) {
    out[f.name] =
      f.type === 'person-name'
        ? 'Nguyễn Văn An'
        : f.type === 'date'
          ? '2020-01-15'
          : f.type === 'number'
            ? String(f.min ?? 1)
            : f.type === 'select' || f.type === 'radio'
              ? (f.options?.[0]?.value ?? '')
              : f.type === 'checkbox'
                ? 'co'
                : f.type === 'email'
                  ? 'nguoi.dan@example.vn'
                  : f.type === 'tel'
                    ? '0912345678'
                    : f.type === 'id-number'
                      ? '058095001234'
                      : 'Nội dung thử nghiệm';
  }
  return out;
}

export const APPLICANT = {
  fullName: 'Nguyễn Thị Lan',
  idNumber: '058185001234',
  birthDate: '1985-03-02',
  phone: '0912 345 678',
  email: 'lan@example.vn',
  address: 'Thôn Ba Tháp, xã Thuận Bắc',
  commune: 'Thuận Bắc',
};

export function validSubmission(procedure: Procedure = ONLINE) {
  return {
    procedure: procedure.code,
    agency: procedure.agencies[0],
    applicant: { ...APPLICANT },
    fields: validFields(procedure),
  };
}

/** A minimal real PDF (header and an empty page), enough for type sniffing. */
export const PDF_BYTES = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
export const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** Every value of a valid online form (`/nop-ho-so/<slug>/`) for the procedure, as the page names its inputs. */
export function onlineFormValues(
  procedure: Procedure = ONLINE,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    'idempotency-key': crypto.randomUUID(),
    'co-quan': procedure.agencies[0] ?? '',
    [APPLICANT_FIELDS.fullName.name]: APPLICANT.fullName,
    [APPLICANT_FIELDS.idNumber.name]: APPLICANT.idNumber,
    [APPLICANT_FIELDS.birthDate.name]: '02/03/1985',
    [APPLICANT_FIELDS.phone.name]: APPLICANT.phone,
    [APPLICANT_FIELDS.email.name]: '',
    [APPLICANT_FIELDS.address.name]: APPLICANT.address,
    xa: APPLICANT.commune,
    website: '',
    ...Object.fromEntries(Object.entries(validFields(procedure)).map(([k, v]) => [`f-${k}`, v])),
    ...overrides,
  };
}

/** The dossier code a receipt page shows (it may wrap after its hyphens: `-<wbr>`). */
export const receiptCode = (html: string): string | undefined =>
  /class="code">([^<]+-\d{6}-\d{4,})</.exec(html.replaceAll('<wbr>', ''))?.[1];
