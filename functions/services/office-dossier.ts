import { forOfficer } from '../../src/domain/forms/officer-wording.ts';
import { type Officer, worksOnDossier } from '../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  ACTIONS,
  type ActionInputs,
  type ActionName,
  availableActions,
  type DossierState,
  rolesFor,
  type TransitionContext,
  transition,
} from '../../src/domain/dossier/lifecycle.ts';
import { composeMessage, messageDetail, messageFor } from '../../src/domain/dossier/messages.ts';
import { chainOfDossier } from '../db/chains.ts';
import { advanceChain, chainMessage } from './chains.ts';
import { type RuleSet, ruleSetOf, stepRoles } from '../../src/domain/rules/select.ts';
import {
  type Timeliness,
  timeliness,
  workingDaysUsed,
} from '../../src/domain/dossier/timeliness.ts';
import type { CommuneChoice } from '../../src/domain/commune.ts';
import { normaliseDate } from '../../src/domain/calendar/dates.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import { routes } from '../../src/domain/routes.ts';
import type { PaymentProvider } from './payment/providers.ts';
import { openPaymentRequest } from './payment/request.ts';
import { settleAtCounter } from '../db/payments.ts';
import { type FeeDue, feeDue } from '../../src/domain/payment/fees.ts';
import type { NotifyChannel } from '../../src/domain/notify/delivery.ts';
import { routeMessage } from '../../src/domain/notify/route.ts';
import type { FormField } from '../../src/schemas/online-form.ts';
import {
  type AttachmentRow,
  applyChange,
  type Change,
  loadOfficeDossier,
  type OfficeDossier,
  type OfficeEvent,
} from '../db/office.ts';

/**
 * What officers do with one dossier: the lifecycle actions their role and its state allow,
 * and taking one of them (the state machine of src/domain/dossier/lifecycle.ts, the message
 * to the citizen, one transaction in D1). Dependencies are passed in so tests call it directly.
 */

export interface OfficeDossierServices {
  db: D1Database;
  index: CatalogueIndex;
  now: () => Date;
  /** The national payment platform, asked for a payment link after `request-payment` (if configured). */
  platform?: PaymentProvider | undefined;
  /** The files bucket, for the chain members an action starts (their files are copied). */
  files?: R2Bucket | undefined;
}

export interface LoadedDossier {
  dossier: OfficeDossier;
  events: OfficeEvent[];
  attachments: AttachmentRow[];
}

export const isActionName = (value: unknown): value is ActionName =>
  typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);

/** The lifecycle view of a stored dossier. */
export function lifecycleState(d: OfficeDossier, events: readonly OfficeEvent[]): DossierState {
  return {
    status: d.status,
    dueDate: d.dueDate,
    countedFrom: d.countedFrom,
    processingDays: d.processingDays,
    ...(d.processingHours !== null ? { processingHours: d.processingHours } : {}),
    ...(d.dueHour !== null ? { dueHour: d.dueHour } : {}),
    agency: d.agencySlug,
    events: events.map((e) => ({ action: e.action ?? 'submit', status: e.status, at: e.at })),
  };
}

/** The calendar, working week and agencies an action on this dossier is checked against. */
function contextFor(
  index: CatalogueIndex,
  d: OfficeDossier,
  officer: Officer,
  now: Date,
): TransitionContext {
  const week = index.agencyBySlug.get(d.agencySlug)?.workingWeek;
  const procedure = index.procedureByCode.get(d.procedureCode);
  return {
    now,
    role: officer.role,
    calendar: index.calendar,
    ...(week ? { week } : {}),
    agencies: procedure?.agencies ?? [],
    supplementDays:
      procedure?.supplementWindowDays ?? rulesOfDossier(index, d).supplementWindow.workingDays,
    // The set's own actors (the 2025 set: the receiving desk stops on the applicant's request).
    roles: stepRoles(rulesOfDossier(index, d)),
  };
}

/** The rule set a stored dossier follows: its own, kept from its reception day. */
export function rulesOfDossier(
  index: CatalogueIndex,
  d: { ruleSet?: string | null | undefined; receivedAt: string },
): RuleSet {
  return ruleSetOf(index.catalogue.ruleSets, d);
}

export interface DossierView {
  /** The actions this officer may take now, each with the agencies it may name. */
  actions: { action: ActionName; agencies: { slug: string; name: string }[] }[];
  timeliness: Timeliness['state'];
  agencyName: (slug: string) => string;
  /** The procedure's online form, which the answers are shown with. */
  formFields: readonly FormField[];
  /** The locality's communes, for the applicant's address. */
  communes: readonly CommuneChoice[];
  /** The dossier's rule set, kept from its reception day: its name and printed forms. */
  rules: { title: string; forms: RuleSet['forms'] };
  /**
   * For a paper dossier received elsewhere than at its agency's own desk: the day its papers
   * must reach the agency by (the rule set's `paperForwarding`), and the note when unconfirmed.
   */
  paperForwarding?: { by: string; pending?: string | undefined } | undefined;
  /** What the procedure's fee facts say for the dossier's channel, next to the amount asked for. */
  feeDue?: FeeDue | undefined;
}

/** What the dossier page shows besides the stored dossier. */
export async function dossierView(
  { index, now }: Omit<OfficeDossierServices, 'db'>,
  officer: Officer,
  { dossier: d, events }: LoadedDossier,
): Promise<DossierView> {
  const at = now();
  const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;
  const procedure = await index.procedureForCode(d.procedureCode);
  // Administrators and the province centre's oversight see the dossier but take no action.
  const actions = !worksOnDossier(officer, d)
    ? []
    : availableActions(lifecycleState(d, events), contextFor(index, d, officer, at));
  return {
    actions: actions.map((action) => ({
      action,
      agencies:
        action === 'assign' || action === 'transfer'
          ? (procedure?.agencies ?? [])
              .filter((slug) => action !== 'transfer' || slug !== d.agencySlug)
              // The agency the dossier was filed with comes first, so it is the default choice.
              .sort((a, b) => Number(b === d.agencySlug) - Number(a === d.agencySlug))
              .map((slug) => ({ slug, name: agencyName(slug) }))
          : [],
    })),
    timeliness: timeliness(events, d.statutoryDueDate, at).state,
    agencyName,
    // The citizen's questions in the officer's words ("Quan hệ của người nộp với trẻ").
    formFields: (procedure?.onlineForm?.fields ?? []).map(forOfficer),
    communes: index.communeChoices,
    rules: (({ title, forms }) => ({ title, forms }))(rulesOfDossier(index, d)),
    paperForwarding: paperForwardingOf(index, d),
    feeDue: procedure ? feeDue(procedure.fees, d.channel) : undefined,
  };
}

/** When the papers of a forwarded counter dossier are due at the competent agency, if the set says. */
function paperForwardingOf(
  index: CatalogueIndex,
  d: OfficeDossier,
): DossierView['paperForwarding'] {
  const rule = rulesOfDossier(index, d).paperForwarding;
  if (!rule || !d.forwardedAt || d.channel !== CHANNEL.COUNTER) return undefined;
  const week = index.agencyBySlug.get(d.deskSlug)?.workingWeek;
  const by = index.calendar.dueDate(d.receivedAt, rule.workingDays, week).due;
  return { by, ...(rule.confirmed ? {} : { pending: rule.pending }) };
}

/** The posted form's fields as the lifecycle expects the action's input. */
export function actionInput(
  action: ActionName,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const input: Record<string, unknown> = {};
  if (text('note').trim()) input.note = text('note');
  if (action === 'request-supplement') {
    input.missing = text('missing')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  if (action === 'refuse' || action === 'withdraw' || action === 'stop' || action === 'apologize')
    input.reason = text('reason');
  if (action === 'assign' || action === 'transfer') input.agency = text('agency');
  if (action === 'request-payment')
    input.amount = Number(text('amount').replace(/[.\s,đ]/g, '')) || text('amount');
  if (action === 'apologize') input.newDueDate = normaliseDate(text('newDueDate').trim());
  return input;
}

/**
 * Where a message of this kind goes: the citizen's chosen channel when it can carry it
 * (src/domain/notify/route.ts); none once the personal data is purged.
 */
export function contactOf(
  index: CatalogueIndex,
  d: Pick<OfficeDossier, 'applicant'>,
  kind: string,
): { channel: NotifyChannel; recipient: string } | undefined {
  return routeMessage(d.applicant, kind, index.catalogue.notifications);
}

export const STALE_REASON =
  'Hồ sơ vừa được người khác cập nhật; hãy xem lại trạng thái rồi thao tác tiếp.';

/** How a posted action ended; the handler answers 303, 422, 403, 422 and 409 respectively. */
export type ActionOutcome =
  | { kind: 'done'; action: ActionName; messageQueued: boolean }
  | { kind: 'unknown-action'; reason: string }
  /** The action is possible in this state, but not for the officer's role. */
  | { kind: 'not-your-role'; reason: string }
  /** Not possible now: the state, the time rules or the input. */
  | { kind: 'not-possible'; reason: string }
  /** Another officer acted first; `fresh` is the dossier as it is now. */
  | { kind: 'stale'; reason: string; fresh: LoadedDossier | undefined };

export interface ActionRequest {
  officer: Officer;
  loaded: LoadedDossier;
  /** The posted form: `action`, `expected` (the status the officer saw) and the action's fields. */
  body: Record<string, unknown>;
  /** The client, for the audit log. */
  client: string | undefined;
}

/**
 * Takes one lifecycle action on a dossier already known to be in the officer's scope: checks
 * it with the state machine, composes the citizen's message, and applies the change, the
 * event, the message and the audit entry in one transaction (only if the dossier is still in
 * the status the officer saw).
 */
export async function takeAction(
  { db, index, now, platform, files }: OfficeDossierServices,
  { officer, loaded, body, client }: ActionRequest,
): Promise<ActionOutcome> {
  const { dossier: d, events } = loaded;
  const action = body.action;
  if (!isActionName(action)) {
    return { kind: 'unknown-action', reason: 'Không rõ thao tác cần thực hiện.' };
  }
  if (String(body.expected ?? d.status) !== String(d.status)) {
    return { kind: 'stale', reason: STALE_REASON, fresh: undefined };
  }
  const at = now();
  const ctx = contextFor(index, d, officer, at);
  const result = transition(lifecycleState(d, events), action, actionInput(action, body), ctx);
  if (!result.ok) {
    // Possible from this status, but for other roles: a matter of permission, not of state.
    const roles = rolesFor(action, d.status, ctx.roles);
    const notYourRole = roles.length > 0 && !roles.includes(officer.role);
    return { kind: notYourRole ? 'not-your-role' : 'not-possible', reason: result.reason };
  }
  const kind = messageFor(action);
  // The appointment and the result name where the citizen collects it; the rest, where it was received.
  const collects = kind === 'received' || kind === 'result-ready';
  const desk =
    index.agencyBySlug.get(collects ? d.returnDeskSlug : d.deskSlug) ??
    index.agencyBySlug.get(d.deskSlug) ??
    index.mainDesk;
  const contact = kind ? contactOf(index, d, kind) : undefined;
  const rules = rulesOfDossier(index, d);
  const context = {
    code: d.code,
    procedureTitle: d.procedureTitle,
    deskName: desk.name,
    dueDate: result.dueDate,
    hotline: index.catalogue.site.hotline,
  };
  const detail = messageDetail(action, result.input);
  // A member of a chain (ADR 0021): one message with the chain's code and its effect on the chain.
  const composed =
    kind && contact
      ? ((await chainMessage(db, index, d, rules, kind, context, detail, at)) ?? {
          kind,
          ...composeMessage(rules, kind, context, detail),
        })
      : undefined;
  const message: Change['message'] = composed && contact ? { ...contact, ...composed } : undefined;
  const week = (index.agencyBySlug.get(result.agency) ?? index.agencyBySlug.get(d.agencySlug))
    ?.workingWeek;
  const applied = await applyChange(db, {
    dossierId: d.id,
    fromStatus: d.status,
    toStatus: result.status,
    agencySlug: result.agency,
    dueDate: result.dueDate,
    dueHour: result.dueHour,
    countedFrom: result.countedFrom,
    provisional: result.provisional,
    event: {
      action,
      at: result.event.at,
      actor: officer.id,
      note: result.event.note,
      publicNote: result.event.publicNote,
      workingDays: workingDaysUsed(index.calendar, result.countedFrom, result.event.at, week),
    },
    message,
    audit: {
      actor: officer.id,
      action: 'transition',
      target: d.code,
      detail: `${action}: ${d.status} → ${result.status}`,
      client,
    },
  });
  if (!applied) {
    return { kind: 'stale', reason: STALE_REASON, fresh: await loadOfficeDossier(db, d.code) };
  }
  if (action === 'request-payment') {
    const { amount } = result.input as ActionInputs['request-payment'];
    const returnUrl = new URL(routes.lookup(), index.catalogue.site.url).toString();
    await openPaymentRequest({ db, index, now, platform }, d, amount, returnUrl);
  }
  // Cash at the counter, or a payment the provider confirmed (then nothing is left pending).
  if (action === 'payment-received') await settleAtCounter(db, d.id, result.event.at);
  // The chain's next members start once this stage has its results.
  const chain = await chainOfDossier(db, d.id);
  if (chain) await advanceChain({ db, index, now, files }, chain);
  return { kind: 'done', action, messageQueued: message !== undefined };
}
