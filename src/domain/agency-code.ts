/**
 * Agency identifiers (mã định danh cơ quan). Two forms circulate and a locality may use
 * either; both are accepted, and the build names them when a code fits neither:
 * - QCVN 102:2016/BTTTT, read right to left: `V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g. `000.01.23.H43`
 *   (M = group letter, X1X2 = province, Y1Y2 = level 2, Z1Z2 = level 3, V1V2V3 = level 4);
 * - the electronic identifier of QĐ 20/2020/QĐ-TTg, read left to right: the level-1 code
 *   then one dotted group per level, e.g. `H27.01`, `H55.242`, `H32.057.12`, the form the
 *   dossier code of TT 04/2025/TT-VPCP is built on.
 * The exact grammar of the second form was not retrieved (groups of 2–3 digits, up to three
 * levels below the province, is what published examples show); it is one constant here.
 */

export const AGENCY_CODE_FORMS = {
  qcvn102: {
    label: 'QCVN 102:2016 (đọc từ phải sang trái)',
    pattern: /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/,
    shape: 'V1V2V3.Z1Z2.Y1Y2.MX1X2',
    example: '000.01.23.H43',
  },
  electronic: {
    label: 'mã định danh điện tử (đọc từ trái sang phải)',
    pattern: /^[A-Z]\d{2}(?:\.\d{2,3}){0,3}$/,
    shape: 'MX1X2.Y1Y2….Z1Z2…',
    example: 'H27.01',
  },
} as const;

export type AgencyCodeForm = keyof typeof AGENCY_CODE_FORMS;

/** Which form an agency code is written in, or undefined if it fits neither. */
export function agencyCodeForm(code: string): AgencyCodeForm | undefined {
  for (const form of Object.keys(AGENCY_CODE_FORMS) as AgencyCodeForm[]) {
    if (AGENCY_CODE_FORMS[form].pattern.test(code)) return form;
  }
  return undefined;
}

/** What the build tells an editor whose code fits neither form: both forms, an example of each. */
export const AGENCY_CODE_FIX = `Viết theo một trong hai dạng: ${Object.values(AGENCY_CODE_FORMS)
  .map((f) => `${f.label} ${f.shape}, ví dụ "${f.example}"`)
  .join('; hoặc ')}.`;

/**
 * An agency code inside free text (a dossier code starts with it): either form, as a
 * source string for larger patterns (redaction of dossier codes in messages).
 */
export const AGENCY_CODE_SOURCE = String.raw`(?:\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{2,3}){0,3})`;
