import type { Officer } from '../../src/domain/auth/roles.ts';
import { handlesDossiers } from '../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay, vietnamIso } from '../../src/domain/calendar/dates.ts';
import {
  normaliseDossierCode,
  normaliseSecret,
  newSecret,
  parseDossierCode,
} from '../../src/domain/dossier/code.ts';
import { constantTimeEqual, hashSecret, randomHex } from '../../src/domain/dossier/secret.ts';
import { formatDate } from '../../src/domain/format.ts';
import {
  newPaknCode,
  normalisePaknCode,
  PAKN_CODE_RE,
  PAKN_KIND_LABELS,
  type PaknRating,
  type PaknSummary,
  proposedPublicText,
  summarisePakn,
} from '../../src/domain/pakn/pakn.ts';
import { ruleSetForDay } from '../../src/domain/rules/select.ts';
import { MIN_EVALUATIONS } from '../../src/domain/stats/metrics.ts';
import type { PaknFormValues } from '../../src/schemas/pakn.ts';
import {
  answerPakn,
  findPaknByCode,
  insertPakn,
  listPakn,
  type PaknFilter,
  type PaknMessage,
  type PaknRow,
  paknFigures,
  publishedPakn,
  ratePakn,
  setPaknPublication,
} from '../db/pakn.ts';
import { findForCitizen } from './submissions.ts';

/**
 * Phản ánh, kiến nghị (docs/adr/0022-phan-anh-kien-nghi.md): sent without sign-in about a
 * procedure or a dossier (proven with its code and secret), answered by the responsible agency
 * within the working days of the rule set in force on the reception day, read back by the
 * citizen with the PAKN's own code and secret, rated, and published without personal data.
 */

export interface PaknServices {
  db: D1Database;
  index: CatalogueIndex;
  now: () => Date;
}

export type SendOutcome =
  | { kind: 'sent'; code: string; secret: string; dueDay: string; agencyName: string }
  /** The dossier code and secret do not match: said without telling whether the code exists. */
  | { kind: 'dossier-not-found' }
  /** The procedure is handled by several agencies and none of them was chosen. */
  | { kind: 'agency-required' };

/**
 * The agency that answers: the dossier's competent agency; else the procedure's (the one the
 * citizen chose when it has several; undefined when none was); else the main desk.
 */
function responsibleAgency(
  index: CatalogueIndex,
  dossier: { agencySlug: string } | undefined,
  procedureCode: string | undefined,
  chosen: string | undefined,
) {
  const bySlug = (slug: string | undefined) => (slug ? index.agencyBySlug.get(slug) : undefined);
  const fromDossier = bySlug(dossier?.agencySlug);
  if (fromDossier) return fromDossier;
  const procedure = procedureCode ? index.procedureByCode.get(procedureCode) : undefined;
  if (!procedure || procedure.agencies.length === 0) return index.mainDesk;
  if (procedure.agencies.length === 1) return bySlug(procedure.agencies[0]) ?? index.mainDesk;
  return chosen && procedure.agencies.includes(chosen) ? bySlug(chosen) : undefined;
}

export async function sendPakn(
  { db, index, now }: PaknServices,
  form: PaknFormValues,
): Promise<SendOutcome> {
  let dossier: Awaited<ReturnType<typeof findForCitizen>>;
  if (form.ma && form.bm) {
    const code = normaliseDossierCode(form.ma);
    const secret = normaliseSecret(form.bm);
    dossier =
      parseDossierCode(code) && secret.length >= 8 && secret.length <= 32
        ? await findForCitizen(db, code, secret)
        : undefined;
    if (!dossier) return { kind: 'dossier-not-found' };
  }
  const procedureCode =
    dossier?.procedureCode ??
    (form['thu-tuc'] && index.procedureByCode.has(form['thu-tuc']) ? form['thu-tuc'] : undefined);
  const agency = responsibleAgency(index, dossier, procedureCode, form['co-quan']);
  if (!agency) return { kind: 'agency-required' };
  const at = now();
  const rules = ruleSetForDay(index.catalogue.ruleSets, vietnamDay(at));
  const dueDay = index.calendar.dueDate(at, rules.pakn.workingDays, agency.workingWeek).due;
  const secret = newSecret();
  const salt = randomHex();
  const secretHash = await hashSecret(secret, salt);
  // Six random symbols a day: a clash is rare; draw again when it happens.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newPaknCode(at);
    const stored = await insertPakn(db, {
      id: crypto.randomUUID(),
      code,
      secretHash,
      secretSalt: salt,
      kind: form.loai,
      content: form['noi-dung'],
      procedureCode: procedureCode ?? null,
      dossierId: dossier?.id ?? null,
      agencySlug: agency.slug,
      ruleSet: rules.id,
      contactPhone: form['dien-thoai'] ?? null,
      contactEmail: form.email ?? null,
      receivedAt: vietnamIso(at),
      dueDay,
    });
    if (stored) return { kind: 'sent', code, secret, dueDay, agencyName: agency.name };
  }
  throw new Error('no free PAKN code after 5 attempts');
}

/** The PAKN the citizen proves with its code and secret (constant time whether it exists or not). */
export async function paknForCitizen(
  db: D1Database,
  rawCode: string,
  rawSecret: string,
): Promise<PaknRow | undefined> {
  const code = normalisePaknCode(rawCode);
  const secret = normaliseSecret(rawSecret);
  const row = PAKN_CODE_RE.test(code) ? await findPaknByCode(db, code) : undefined;
  const hash = await hashSecret(secret, row?.secretSalt ?? 'no-such-pakn');
  return row && constantTimeEqual(hash, row.secretHash) ? row : undefined;
}

export type RateOutcome = 'rated' | 'not-found' | 'not-answered';

export async function ratePaknAnswer(
  { db, now }: PaknServices,
  code: string,
  secret: string,
  rating: PaknRating,
): Promise<RateOutcome> {
  const row = await paknForCitizen(db, code, secret);
  if (!row) return 'not-found';
  if (!row.answeredAt) return 'not-answered';
  return (await ratePakn(db, row.id, rating, vietnamIso(now()))) ? 'rated' : 'not-answered';
}

/**
 * The agencies whose PAKN an officer answers: the officer's agencies, and the agencies whose
 * one-stop desk the officer works at (the desk receives and follows up PAKN).
 */
export function answeringAgencies(index: CatalogueIndex, officer: Officer): string[] {
  if (!handlesDossiers(officer)) return [];
  return index.catalogue.agencies
    .filter(
      (a) => officer.agencies.includes(a.slug) || officer.agencies.includes(index.deskOf(a).slug),
    )
    .map((a) => a.slug);
}

export const answersPakn = (index: CatalogueIndex, officer: Officer, row: PaknRow): boolean =>
  answeringAgencies(index, officer).includes(row.agencySlug);

/** What an officer sees: the PAKN they answer; all of them for admins and the province's centre. */
export function seesPakn(
  index: CatalogueIndex,
  officer: Officer,
  row: PaknRow,
  oversees: boolean,
): boolean {
  return officer.role === 'admin' || oversees || answersPakn(index, officer, row);
}

export function paknList(
  { db, index }: PaknServices,
  officer: Officer,
  oversees: boolean,
  answered: boolean | null,
): Promise<PaknRow[]> {
  const scope = officer.role === 'admin' || oversees ? null : answeringAgencies(index, officer);
  return listPakn(db, scope, answered, 200);
}

export type OfficerOutcome = 'done' | 'not-found' | 'forbidden' | 'conflict';

async function paknForOfficer(
  { db, index }: PaknServices,
  officer: Officer,
  code: string,
): Promise<PaknRow | 'not-found' | 'forbidden'> {
  const row = PAKN_CODE_RE.test(code) ? await findPaknByCode(db, code) : undefined;
  if (!row) return 'not-found';
  return answersPakn(index, officer, row) ? row : 'forbidden';
}

/** The messages telling the citizen an answer is ready (never the answer itself). */
function answeredMessages(index: CatalogueIndex, row: PaknRow): PaknMessage[] {
  const subject = `Đã có trả lời ${PAKN_KIND_LABELS[row.kind].toLowerCase()} ${row.code}`;
  const body = `${PAKN_KIND_LABELS[row.kind]} ${row.code} gửi ngày ${formatDate(vietnamDay(row.receivedAt))} đã được trả lời. Mời ông/bà xem câu trả lời tại mục Tra cứu phản ánh, kiến nghị trên ${index.catalogue.site.name} bằng mã ${row.code} và mã tra cứu đã nhận khi gửi.`;
  const out: PaknMessage[] = [];
  if (row.contactPhone) out.push({ channel: 'sms', recipient: row.contactPhone, subject, body });
  if (row.contactEmail) out.push({ channel: 'email', recipient: row.contactEmail, subject, body });
  return out;
}

export async function answer(
  deps: PaknServices,
  officer: Officer,
  code: string,
  text: string,
): Promise<OfficerOutcome> {
  const row = await paknForOfficer(deps, officer, code);
  if (typeof row === 'string') return row;
  const done = await answerPakn(
    deps.db,
    row.id,
    { text, by: officer.id, at: vietnamIso(deps.now()) },
    answeredMessages(deps.index, row),
  );
  return done ? 'done' : 'conflict';
}

/**
 * Publishes the question and the answer as the officer edited them, with personal data
 * removed again (an edit cannot bring a phone number back), or withdraws them.
 */
export async function publish(
  deps: PaknServices,
  officer: Officer,
  code: string,
  texts: { question: string; answer: string } | null,
): Promise<OfficerOutcome> {
  const row = await paknForOfficer(deps, officer, code);
  if (typeof row === 'string') return row;
  const done = await setPaknPublication(
    deps.db,
    row.id,
    texts
      ? {
          question: proposedPublicText(texts.question),
          answer: proposedPublicText(texts.answer),
          at: vietnamIso(deps.now()),
        }
      : null,
  );
  return done ? 'done' : 'conflict';
}

export const PUBLISHED_PAGE = 20;

export function publishedAnswers(db: D1Database, procedureCode: string, page: number) {
  return publishedPakn(db, procedureCode, PUBLISHED_PAGE, (page - 1) * PUBLISHED_PAGE);
}

/**
 * The PAKN figures of a period for /thong-ke: counts from SQL, days from reception to answer
 * counted in working days on the calendar of the responsible agency's locality.
 */
export async function paknSummary(
  { db, index }: Pick<PaknServices, 'db' | 'index'>,
  from: string,
  to: string,
  today: string,
  filter: PaknFilter,
): Promise<PaknSummary> {
  const { counts, pairs } = await paknFigures(db, from, to, today, filter);
  let daysSum = 0;
  let daysN = 0;
  for (const p of pairs) {
    // From the day the count starts (after 15:00, the next working day) to the answer day.
    const start = index.calendar.dueDate(p.receivedAt, 0).due;
    daysSum += Math.max(0, index.calendar.countWorkingDays(start, p.answeredDay)) * p.n;
    daysN += p.n;
  }
  return summarisePakn({ ...counts, daysSum, daysN }, MIN_EVALUATIONS);
}
