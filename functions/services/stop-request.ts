import type { Officer } from '../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  normaliseDossierCode,
  normaliseSecret,
  parseDossierCode,
} from '../../src/domain/dossier/code.ts';
import { ACTION_RULES, canStop } from '../../src/domain/dossier/lifecycle.ts';
import { constantTimeEqual, hashSecret, randomHex } from '../../src/domain/dossier/secret.ts';
import { STATUS_NAMES } from '../../src/domain/dossier/status.ts';
import { vietnamIso } from '../../src/domain/dossier/timeliness.ts';
import { onApplicantRequest, type RuleSet, ruleSetOf } from '../../src/domain/rules/select.ts';
import { STOP_REASON_MAX, type StopRequestForm } from '../../src/schemas/stop-request.ts';
import { audit } from '../db/audit.ts';
import type { DossierRow } from '../db/dossiers.ts';
import {
  applicantIdNumber,
  insertStopRequest,
  pendingStopRequest,
  refuseStopRequest,
  type StopRequest,
} from '../db/stop-requests.ts';
import { composeOptionalMessage } from '../../src/domain/dossier/messages.ts';
import {
  type ActionOutcome,
  contactOf,
  type LoadedDossier,
  type OfficeDossierServices,
  rulesOfDossier,
  takeAction,
} from './office-dossier.ts';
import { findForCitizen } from './submissions.ts';

/**
 * Stopping a dossier at the applicant's request, where the dossier's rule set has it so
 * (`steps.stop.onApplicantRequest`): the applicant asks from the lookup page with the code,
 * the secret and the identity number (the receipt's QR code carries the first two only);
 * the receiving desk (the dossier's desk) confirms, which stops the dossier with the
 * request's reason, the set's stop notice and the citizen's message, or refuses with a reason.
 */

/** Whether the applicant may ask online to stop this dossier now. */
export function stopRequestable(
  rules: Pick<RuleSet, 'steps'>,
  dossier: { status: DossierRow['status'] },
): boolean {
  return onApplicantRequest(rules, 'stop') && canStop(dossier.status);
}

/** What the lookup page shows of a stop request: the form, the waiting request, or nothing. */
export type StopPanel =
  | { kind: 'form'; refused?: StopRequest | undefined }
  | { kind: 'pending'; request: StopRequest }
  /** The desk's refusal, when the dossier can no longer be stopped (a decision exists). */
  | { kind: 'refused'; request: StopRequest }
  | { kind: 'none' };

export function stopPanelFor(
  index: CatalogueIndex,
  dossier: DossierRow,
  /** The dossier's latest stop request (read with the dossier, or from its archived record). */
  latest: StopRequest | undefined,
): StopPanel {
  const rules = ruleSetOf(index.catalogue.ruleSets, dossier);
  if (!onApplicantRequest(rules, 'stop')) return { kind: 'none' };
  if (latest?.state === 'pending') return { kind: 'pending', request: latest };
  if (!canStop(dossier.status)) {
    return latest?.state === 'refused' ? { kind: 'refused', request: latest } : { kind: 'none' };
  }
  return { kind: 'form', refused: latest?.state === 'refused' ? latest : undefined };
}

export type StopRequestOutcome =
  | { kind: 'not-found' }
  /** The identity number is not the applicant's: said as such, nothing else told. */
  | { kind: 'wrong-id'; dossier: DossierRow }
  | { kind: 'not-possible'; dossier: DossierRow; reason: string }
  | { kind: 'already-pending'; dossier: DossierRow }
  | { kind: 'recorded'; dossier: DossierRow; deskName: string };

/** Whether `typed` is the stored identity number, compared as salted hashes in constant time. */
async function sameIdNumber(typed: string, stored: string, salt: string): Promise<boolean> {
  // A missing number (purged data) is compared with a random one, so the time is the same.
  const expected = await hashSecret(stored || randomHex(), salt);
  const given = await hashSecret(typed, salt);
  return constantTimeEqual(given, expected) && stored !== '';
}

/** Records the applicant's request to stop the dossier (the route has rate-limited it). */
export async function requestStop(
  { db, index, now }: OfficeDossierServices,
  form: StopRequestForm,
): Promise<StopRequestOutcome> {
  const code = normaliseDossierCode(form.ma);
  const secret = normaliseSecret(form.bm);
  if (!parseDossierCode(code) || secret.length < 8 || secret.length > 32) {
    return { kind: 'not-found' };
  }
  const dossier = await findForCitizen(db, code, secret);
  if (!dossier) return { kind: 'not-found' };
  const rules = ruleSetOf(index.catalogue.ruleSets, dossier);
  if (!stopRequestable(rules, dossier)) {
    return {
      kind: 'not-possible',
      dossier,
      reason: `Hồ sơ đang ở trạng thái «${STATUS_NAMES[dossier.status]}»: không thể yêu cầu dừng giải quyết trực tuyến. Chỉ yêu cầu được khi hồ sơ đã được tiếp nhận và chưa có kết quả giải quyết.`,
    };
  }
  const stored = await applicantIdNumber(db, dossier.id);
  if (!(await sameIdNumber(form['so-dinh-danh'], stored, dossier.secretSalt))) {
    return { kind: 'wrong-id', dossier };
  }
  const recorded = await insertStopRequest(db, {
    dossierId: dossier.id,
    reason: form['ly-do'],
    at: vietnamIso(now()),
  });
  if (!recorded) return { kind: 'already-pending', dossier };
  const desk = index.agencyBySlug.get(dossier.deskSlug) ?? index.mainDesk;
  return { kind: 'recorded', dossier, deskName: desk.name };
}

// ---------------------------------------------------------------------------------------
// The receiving desk.

/** Roles that decide a stop request: the set's actor of the stop, else the table's. */
function decidersOf(rules: RuleSet): readonly string[] {
  return rules.steps?.stop?.roles ?? ACTION_RULES.stop.allowed.flatMap((a) => a.roles);
}

/** Whether the officer works at the dossier's receiving desk: only it sees and decides requests. */
export const atReceivingDesk = (officer: Officer, dossier: { deskSlug: string }): boolean =>
  officer.role !== 'admin' && officer.agencies.includes(dossier.deskSlug);

/** The waiting request as the dossier page shows it to the receiving desk. */
export interface StopRequestView {
  request: StopRequest;
  /** The officer may confirm or refuse it (a role the set names for the stop). */
  canDecide: boolean;
  /** No decision exists yet, so it can still be confirmed. */
  canConfirm: boolean;
}

export async function stopRequestView(
  { db, index }: Pick<OfficeDossierServices, 'db' | 'index'>,
  officer: Officer,
  { dossier }: LoadedDossier,
): Promise<StopRequestView | undefined> {
  if (!atReceivingDesk(officer, dossier)) return undefined;
  const request = await pendingStopRequest(db, dossier.id);
  if (!request) return undefined;
  const canDecide = decidersOf(rulesOfDossier(index, dossier)).includes(officer.role);
  return { request, canDecide, canConfirm: canDecide && canStop(dossier.status) };
}

export type StopDecisionOutcome =
  | ActionOutcome
  | { kind: 'refused-request'; messageQueued: boolean }
  | { kind: 'not-your-desk'; reason: string };

/**
 * The desk's decision on the waiting request: `quyet-dinh=dung` stops the dossier with the
 * request's reason (the lifecycle's `stop`, which also marks the request confirmed),
 * `quyet-dinh=khong-dung` refuses it with `ly-do-khong-dung`.
 */
export async function decideStopRequest(
  services: OfficeDossierServices,
  request: {
    officer: Officer;
    loaded: LoadedDossier;
    body: Record<string, unknown>;
    client: string | undefined;
  },
): Promise<StopDecisionOutcome> {
  const { db, index, now } = services;
  const { officer, loaded, body, client } = request;
  const d = loaded.dossier;
  if (!atReceivingDesk(officer, d)) {
    return {
      kind: 'not-your-desk',
      reason: 'Chỉ Bộ phận Một cửa nơi tiếp nhận hồ sơ xử lý yêu cầu dừng giải quyết.',
    };
  }
  const pending = await pendingStopRequest(db, d.id);
  if (!pending) {
    return { kind: 'not-possible', reason: 'Hồ sơ không có yêu cầu dừng giải quyết nào đang chờ.' };
  }
  if (!decidersOf(rulesOfDossier(index, d)).includes(officer.role)) {
    return {
      kind: 'not-your-role',
      reason: 'Vai trò của bạn không xử lý yêu cầu dừng giải quyết hồ sơ.',
    };
  }
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  if (text('quyet-dinh') === 'dung') {
    return takeAction(services, {
      officer,
      loaded,
      body: { action: 'stop', expected: body.expected, reason: pending.reason, note: body.note },
      client,
    });
  }
  if (text('quyet-dinh') !== 'khong-dung') {
    return { kind: 'unknown-action', reason: 'Không rõ quyết định về yêu cầu dừng.' };
  }
  const reason = text('ly-do-khong-dung').trim();
  if (!reason) {
    return {
      kind: 'not-possible',
      reason: 'Cần ghi rõ lý do không chấp nhận yêu cầu dừng (ví dụ: đã có kết quả giải quyết).',
    };
  }
  if (reason.length > STOP_REASON_MAX) {
    return {
      kind: 'not-possible',
      reason: `Lý do quá dài (${reason.length} ký tự, tối đa ${STOP_REASON_MAX}).`,
    };
  }
  const at = now();
  const contact = contactOf(index, d, 'stop-refused');
  const desk = index.agencyBySlug.get(d.deskSlug) ?? index.mainDesk;
  const composed = contact
    ? composeOptionalMessage(
        rulesOfDossier(index, d),
        'stop-refused',
        {
          code: d.code,
          procedureTitle: d.procedureTitle,
          deskName: desk.name,
          dueDate: d.dueDate,
          hotline: index.catalogue.site.hotline,
        },
        reason.replace(/[.\s]+$/, ''),
      )
    : undefined;
  const message =
    contact && composed ? { kind: 'stop-refused', ...contact, ...composed } : undefined;
  const refused = await refuseStopRequest(db, {
    id: pending.id,
    dossierId: d.id,
    actor: officer.id,
    reason,
    at: vietnamIso(at),
    message,
  });
  if (!refused) {
    return { kind: 'not-possible', reason: 'Yêu cầu dừng này vừa được người khác xử lý.' };
  }
  await audit(
    db,
    { actor: officer.id, action: 'stop-request-refused', target: d.code, client },
    at.toISOString(),
  );
  return { kind: 'refused-request', messageQueued: message !== undefined };
}
