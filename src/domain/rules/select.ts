/**
 * Which rule set a dossier follows, and the dated values inside a set. Pure: the sets come
 * from the catalogue (content/rules/), already validated and sorted by effective date.
 */
import type { Role } from '../auth/roles.ts';
import { vietnamDay } from '../calendar/dates.ts';
import type { CodeFormat, LegalForm, LegalFormKind, PrivacyNotice, RuleSet } from './types.ts';

export * from './types.ts';

/** Does the set apply on `day` (`YYYY-MM-DD`)? Both ends are inclusive. */
export const appliesOn = (set: RuleSet, day: string): boolean =>
  set.effectiveFrom.date <= day && (set.effectiveTo === undefined || day <= set.effectiveTo.date);

/** The set in force on `day`, or undefined when none covers it. */
export function ruleSetOn(sets: readonly RuleSet[], day: string): RuleSet | undefined {
  return sets.find((set) => appliesOn(set, day));
}

/**
 * The set a dossier follows: the one stored with it when the catalogue still has it
 * (existing dossiers keep their set), else the one in force on its reception day; a day
 * before every set takes the earliest, a day after every set the latest.
 */
export function ruleSetOf(
  sets: readonly RuleSet[],
  dossier: { ruleSet?: string | null | undefined; receivedAt: string },
): RuleSet {
  const stored = dossier.ruleSet ? sets.find((s) => s.id === dossier.ruleSet) : undefined;
  if (stored) return stored;
  return ruleSetForDay(sets, vietnamDay(dossier.receivedAt));
}

/** The set in force on `day`, falling back to the nearest set when none covers it. */
export function ruleSetForDay(sets: readonly RuleSet[], day: string): RuleSet {
  const first = sets[0];
  if (!first) throw new Error('no rule set in the catalogue (content/rules/)');
  const found = ruleSetOn(sets, day);
  if (found) return found;
  return day < first.effectiveFrom.date
    ? first
    : (sets.findLast((s) => s.effectiveFrom.date <= day) ?? first);
}

/** The entry of a dated list in force on `day`: the last one starting on or before it, else the first. */
export function datedEntry<T extends { from: { date: string } }>(
  entries: readonly T[],
  day: string,
): T | undefined {
  return entries.findLast((e) => e.from.date <= day) ?? entries[0];
}

/** The dossier-code format of the set on `day`. */
export const codeFormatOn = (set: RuleSet, day: string): CodeFormat | undefined =>
  datedEntry(set.dossierCode, day);

/** The personal-data notice of the set on `day`. */
export const privacyNoticeOn = (set: RuleSet, day: string): PrivacyNotice | undefined =>
  datedEntry(set.privacyNotice, day);

/** The form numbered `number` ("05") in the set. */
export const formByNumber = (set: RuleSet, number: string): LegalForm | undefined =>
  set.forms.find((f) => f.number === number);

/** The form of a kind (the stop notice, the book…) in the set, if the set has one. */
export const formOfKind = (set: RuleSet, kind: LegalFormKind): LegalForm | undefined =>
  set.forms.find((f) => f.kind === kind);

const PLACEHOLDER_RE = /\{([a-zA-Z]+)\}/g;

/** The placeholders a template uses, in order, e.g. `["code", "dueDate"]`. */
export const placeholdersOf = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER_RE)].map((m) => m[1] as string);

/** Fills `{name}` placeholders; unknown names are left as written. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER_RE, (whole, name: string) => values[name] ?? whole);
}

/**
 * What a set leaves unverified, for officers and editors (`npm run check:content -- --pending`,
 * printed forms): one line per flagged value.
 */
export function pendingOf(set: RuleSet): { field: string; note: string }[] {
  const out: { field: string; note: string }[] = [];
  const add = (field: string, flag: { confirmed: boolean; pending?: string | undefined }) => {
    if (!flag.confirmed) out.push({ field, note: flag.pending ?? 'chưa xác nhận' });
  };
  add('effectiveFrom', set.effectiveFrom);
  if (set.effectiveTo) add('effectiveTo', set.effectiveTo);
  for (const [action, citation] of Object.entries(set.basis)) add(`basis.${action}`, citation);
  for (const [action, step] of Object.entries(set.steps ?? {})) add(`steps.${action}`, step);
  for (const form of set.forms) add(`forms.${form.number}`, form);
  set.dossierCode.forEach((f, i) => {
    add(`dossierCode[${i}]`, f);
    add(`dossierCode[${i}].from`, f.from);
  });
  add('supplementWindow', set.supplementWindow);
  add('appointmentHour', set.appointmentHour);
  add('pakn', set.pakn);
  if (set.resultRetention) add('resultRetention', set.resultRetention);
  add('evaluation', set.evaluation);
  set.privacyNotice.forEach((p, i) => {
    add(`privacyNotice[${i}]`, p);
    add(`privacyNotice[${i}].from`, p.from);
  });
  return out;
}

/**
 * The hour an appointment carries when the set says so ("…giờ…, ngày…"): counting 8 working
 * hours a day, a time limit of whole working days ends at the clock time the count started
 * (after 15:00, the opening of the next working day). Undefined when the set prints no hour,
 * or for a same-day procedure. `countedFrom` is ISO 8601 in Vietnam time.
 */
export function appointmentHour(
  set: Pick<RuleSet, 'appointmentHour'>,
  countedFrom: string,
  processingDays: number,
): string | undefined {
  if (!set.appointmentHour.value || processingDays <= 0) return undefined;
  const match = /T(\d{2}):(\d{2})/.exec(countedFrom);
  return match ? `${match[1]} giờ ${match[2]}` : undefined;
}

/**
 * The personal-data notice of the online form on `day` (the set in force that day), as
 * citizens read it: the citation only when it and its date are confirmed.
 */
export function privacyNoticeFor(
  sets: readonly RuleSet[],
  day: string,
): { text: string; basis?: string } | undefined {
  const notice = privacyNoticeOn(ruleSetForDay(sets, day), day);
  if (!notice) return undefined;
  return notice.confirmed && notice.from.confirmed
    ? { text: notice.text, basis: notice.basis }
    : { text: notice.text };
}

/** The roles the set names for the steps it assigns otherwise than the lifecycle's table. */
export const stepRoles = (set: Pick<RuleSet, 'steps'>): Readonly<Record<string, readonly Role[]>> =>
  Object.fromEntries(Object.entries(set.steps ?? {}).map(([action, step]) => [action, step.roles]));

/** Whether the set has the applicant ask for a step, so the lookup page offers the request. */
export const onApplicantRequest = (set: Pick<RuleSet, 'steps'>, action: string): boolean =>
  set.steps?.[action]?.onApplicantRequest === true;
