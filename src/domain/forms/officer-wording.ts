/**
 * The officer's words for the citizen's form (issue 14). Fields are defined once, in the
 * citizen's voice ("Quan hệ của bạn với trẻ"); the counter form and the officer's dossier
 * page read the same definitions through one rule, in the third person: "bạn" (the person
 * filling in the form) becomes "người nộp" ("Quan hệ của người nộp với trẻ"). No field
 * carries a second label, so an editor writes each question once; the few sentences of the
 * common applicant section that do not fit the rule are rewritten here, by field name.
 * `tests/unit/officer-wording.test.ts` checks every field of the catalogue reads without
 * "bạn" after the rule.
 */

/** "bạn" as a word (not inside another word), any case. */
const YOU = /(?<![\p{L}\p{M}])(B|b)ạn(?![\p{L}\p{M}])/gu;

/** A citizen-facing sentence in the officer's words: "bạn" → "người nộp". */
export function officerWording(text: string): string {
  return text
    .normalize('NFC')
    .replace(YOU, (_, b: string) => (b === 'B' ? 'Người nộp' : 'người nộp'));
}

/**
 * Sentences of the common section addressed to the citizen that the rule cannot turn
 * (they speak of the officer, or in the first person): the officer's words by field name.
 * `hint: null` drops a hint that only helps a citizen.
 */
const OFFICER_TEXT: Readonly<Record<string, { label?: string; hint?: string | null }>> = {
  'dien-thoai': { hint: 'Số để liên hệ với người nộp khi cần bổ sung hồ sơ.' },
  'nop-thay': { label: 'Người nộp là người được ủy quyền hoặc nộp thay cho người có yêu cầu' },
};

/** A field as the officer reads it: its label, hint and option labels through the rule. */
export function forOfficer<
  F extends {
    name: string;
    label: string;
    hint?: string | undefined;
    options?: readonly { value: string; label: string }[] | undefined;
  },
>(field: F): F {
  const own = OFFICER_TEXT[field.name];
  const hint = own?.hint === null ? undefined : (own?.hint ?? field.hint);
  const { hint: _dropped, ...rest } = field;
  return {
    ...rest,
    label: own?.label ?? officerWording(field.label),
    ...(hint !== undefined ? { hint: officerWording(hint) } : {}),
    ...(field.options
      ? { options: field.options.map((o) => ({ ...o, label: officerWording(o.label) })) }
      : {}),
  } as F;
}
