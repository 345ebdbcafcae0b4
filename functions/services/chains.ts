import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import {
  type ChainFigures,
  type ChainState,
  chainFigures,
  chainState,
  chainTimeliness,
  effectOnChain,
  firstStage,
  type MemberState,
  memberAgency,
  nextStep,
} from '../../src/domain/chains/chain.ts';
import { codeLayout, newSecret, receptionDay } from '../../src/domain/dossier/code.ts';
import {
  constantTimeEqual,
  hashSecret,
  randomHex,
  seal,
  sha256Hex,
  unseal,
} from '../../src/domain/dossier/secret.ts';
import { type ChannelCode, STATUS } from '../../src/domain/dossier/status.ts';
import { RESOLVING_STATUSES, timeliness } from '../../src/domain/dossier/timeliness.ts';
import {
  composeMessage,
  composeOptionalMessage,
  type MessageContext,
  type MessageKind,
} from '../../src/domain/dossier/messages.ts';
import type { RuleSet } from '../../src/domain/rules/select.ts';
import { refusal } from '../../src/domain/errors.ts';
import { codeFormatOn, ruleSetForDay } from '../../src/domain/rules/select.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import { chainProcedure } from '../../src/domain/chains/procedure.ts';
import type { Chain } from '../../src/schemas/chain.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import type { Submission } from '../../src/schemas/submission.ts';
import {
  type ChainRow,
  chainAttachments,
  chainMembers,
  chainsReceived,
  chainOfDossier,
  findChainByCode,
  findChainIdempotencyKey,
  insertChain,
  isChainKeyTaken,
  type MemberRow,
} from '../db/chains.ts';
import { LimitReached } from '../db/rate-limits.ts';
import { type CheckedFile, type IncomingFile, sha256Bytes } from './attachments.ts';
import {
  type Checked,
  checkSubmission,
  countRefusal,
  formToInput,
  type IntakeResult,
  storeWithinLimits,
} from './intake.ts';
import type { SubmissionLimiter } from '../http/rate-limit.ts';
import { type Accepted, refusalOf, type SubmissionServices, submitDossier } from './submissions.ts';

/**
 * Chained procedures (một cửa liên thông, ADR 0021): one submission and one code for several
 * procedures; each member a sub-dossier routed to its agency and handled through the ordinary
 * lifecycle. This service takes a chain in, starts or calls off later members as earlier ones
 * end (src/domain/chains), shows the chain to its citizen, and words the one message per event.
 */

const chainBySlug = (index: CatalogueIndex, slug: string) =>
  index.catalogue.chains.find((c) => c.slug === slug && c.status === 'active');
export { chainBySlug };

/** The chain as one procedure (its form, checks, receipt), from its members' whole procedures. */
export async function wholeChainProcedure(index: CatalogueIndex, chain: Chain): Promise<Procedure> {
  const members = await Promise.all(chain.members.map((m) => index.procedureForCode(m.procedure)));
  return chainProcedure(
    index,
    chain,
    members.filter((p): p is Procedure => p !== undefined),
  );
}

/** The agency a member goes to, in the commune of the agency the citizen filed with. */
function agencyFor(
  index: CatalogueIndex,
  procedure: Pick<Procedure, 'agencies'>,
  commune: string | undefined,
) {
  const agencies = procedure.agencies
    .map((slug) => index.agencyBySlug.get(slug))
    .filter((a): a is Agency => a !== undefined);
  return memberAgency(agencies, commune);
}

/** The answers of one member: its own form's fields. */
const fieldsOf = (procedure: Procedure, fields: Record<string, unknown>) =>
  Object.fromEntries(
    (procedure.onlineForm?.fields ?? []).map((f) => [f.name, String(fields[f.name] ?? '')]),
  );

/** The files one member needs: those of the combined documents that name it. */
const filesFor = <F extends { documentIndex: number }>(chain: Chain, code: string, files: F[]) =>
  files.filter((f) => chain.documents[f.documentIndex]?.members.includes(code));

export type ChainIntake = IntakeResult & { chainId?: string };

/**
 * Takes a chain in from its online form or the counter: checks it once against the combined
 * form, stores the chain (one code from the receiving desk's sequence, one secret, its files),
 * and starts the members of the first stage as sub-dossiers of their agencies.
 */
export async function submitChain(
  services: SubmissionServices,
  chain: Chain,
  values: Record<string, string>,
  incoming: readonly IncomingFile[],
  options: {
    channel: ChannelCode;
    actor: string;
    desk?: Agency | undefined;
    initialStatus?: 1 | 2;
    /** Rate limits of the online form (ADR 0014); none at the counter. */
    limiter?: SubmissionLimiter | undefined;
    /** The online form's key: the same form sent again gets the first chain's receipt. */
    idempotencyKey?: string | undefined;
  },
): Promise<ChainIntake> {
  const { index } = services;
  const procedure = await wholeChainProcedure(index, chain);
  const now = services.now();
  const checked: Checked = checkSubmission(
    index,
    procedure,
    formToInput(values, procedure),
    incoming,
    {},
    now,
  );
  if (!checked.ok) return countRefusal(checked.refusal, options.limiter);
  const { submission, files } = checked;
  const key = options.idempotencyKey;
  const fileHashes = await Promise.all(files.map((f) => sha256Bytes(f.bytes)));
  const requestHash = await sha256Hex(
    JSON.stringify({
      chain: chain.slug,
      submission,
      files: files.map((f, i) => [f.documentIndex, fileHashes[i]]),
    }),
  );
  const week = index.agencyBySlug.get(submission.agency)?.workingWeek;
  const again = key ? await replayChain(services, procedure, week, key, requestHash) : undefined;
  if (again) return answerAgain(again, submission, files);
  // Counted in the chain's own transaction while there is room, as a dossier is (ADR 0028).
  const limiter = options.limiter;
  const counters = limiter ? await limiter.counters(submission.applicant) : undefined;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const agency = index.agencyBySlug.get(submission.agency);
  if (!agency) throw new Error(`unknown agency ${submission.agency}`);
  if (files.length > 0 && !services.files) {
    return {
      ok: false,
      refusal: refusal(
        503,
        'storage_unavailable',
        'Kho lưu tệp tạm thời không hoạt động; hồ sơ chưa được nhận. Vui lòng thử lại sau.',
      ),
    };
  }
  const desk = options.desk ?? index.deskOf(agency);
  const due = index.calendar.dueDate(now, procedure.time.days, agency.workingWeek);
  const rules = ruleSetForDay(index.catalogue.ruleSets, vietnamDay(due.received));
  const format = codeFormatOn(rules, vietnamDay(due.received)) ?? {
    template: '{identifier}-{yymmdd}-{seq:4}',
    identifier: 'desk',
  };
  const identifier = format.identifier === 'agency' ? agency.code : desk.code;
  const day = receptionDay(now);
  const id = crypto.randomUUID();
  const secret = newSecret();
  const salt = randomHex(16);
  const hashes = fileHashes;
  const stored = files.map((f, i) => ({
    id: crypto.randomUUID(),
    documentIndex: f.documentIndex,
    documentName: f.documentName,
    fileName: f.fileName,
    contentType: f.contentType,
    size: f.bytes.byteLength,
    sha256: hashes[i] as string,
    storageKey: `chains/${id}/${crypto.randomUUID()}`,
  }));
  await Promise.all(
    files.map((f, i) =>
      services.files?.put((stored[i] as { storageKey: string }).storageKey, f.bytes, {
        httpMetadata: { contentType: f.contentType },
      }),
    ),
  );
  const secretHash = await hashSecret(secret, salt);
  const idempotency = key
    ? { keyHash: await sha256Hex(key), requestHash, sealedSecret: await seal(key, secret) }
    : undefined;
  const removeFiles = () =>
    Promise.all(stored.map((f) => services.files?.delete(f.storageKey))).catch(() => undefined);
  const store = () =>
    insertChain(services.db, {
      id,
      agencyCode: identifier,
      day,
      codeLayout: codeLayout(format.template, identifier, day),
      chainSlug: chain.slug,
      chainTitle: chain.title,
      deskSlug: desk.slug,
      returnDeskSlug: desk.slug,
      channel: options.channel,
      receivedAt: due.received,
      commune: agency.commune ?? '',
      ruleSet: rules.id,
      secretSalt: salt,
      secretHash,
      formData: submission.fields as Record<string, string>,
      attachments: stored,
      idempotency,
      counted: counters ? { counters, nowSeconds } : undefined,
    }).catch((error: unknown) => {
      if (error instanceof LimitReached) return 'limit-reached' as const;
      throw error;
    });
  let code: string;
  try {
    const result = await storeWithinLimits(
      store,
      (r): r is 'limit-reached' => r === 'limit-reached',
      limiter,
      counters,
    );
    if (!result.ok) {
      await removeFiles();
      return result;
    }
    ({ code } = result.value);
  } catch (error) {
    // Nothing was written (the batch is one transaction): the files go too.
    await removeFiles();
    // The same form sent twice at once: the other request stored the chain; answer with its
    // receipt.
    const other =
      key && isChainKeyTaken(error)
        ? await replayChain(services, procedure, week, key, requestHash)
        : undefined;
    if (!other) throw error;
    return answerAgain(other, submission, files);
  }
  for (const member of firstStage(chain)) {
    await startMember(services, chain, id, member.procedure, submission, files, {
      channel: options.channel,
      actor: options.actor,
      desk,
      commune: agency.commune,
      initialStatus: options.initialStatus ?? STATUS.NEW,
    });
  }
  const accepted: Accepted = {
    replayed: false,
    dossierId: id,
    code,
    secret,
    receivedAt: due.received,
    countedFrom: due.effectiveReceived,
    dueDate: due.due,
    provisional: due.provisional,
    status: options.initialStatus ?? STATUS.NEW,
    deskSlug: desk.slug,
    returnDeskSlug: desk.slug,
  };
  return {
    ok: true,
    accepted,
    submission,
    uploaded: new Set(files.map((f) => f.documentIndex)),
    chainId: id,
  };
}

/**
 * The chain an idempotency key already stored, as its receipt needs it: the code and the
 * secret (unsealed with the key), the dates recomputed from the stored reception time as they
 * were computed then. 'mismatch' when the key came with other answers; undefined when unused.
 */
async function replayChain(
  services: SubmissionServices,
  procedure: Procedure,
  week: Agency['workingWeek'] | undefined,
  key: string,
  requestHash: string,
): Promise<{ accepted: Accepted; chainId: string } | 'mismatch' | undefined> {
  const record = await findChainIdempotencyKey(services.db, await sha256Hex(key));
  if (!record) return undefined;
  if (record.requestHash !== requestHash) return 'mismatch';
  const secret = await unseal(key, record.sealedSecret);
  if (!secret) return undefined;
  const due = services.index.calendar.dueDate(
    new Date(record.receivedAt),
    procedure.time.days,
    week,
  );
  return {
    chainId: record.chainId,
    accepted: {
      replayed: true,
      dossierId: record.chainId,
      code: record.code,
      secret,
      receivedAt: record.receivedAt,
      countedFrom: due.effectiveReceived,
      dueDate: due.due,
      provisional: due.provisional,
      status: STATUS.NEW,
      deskSlug: record.deskSlug,
      returnDeskSlug: record.deskSlug,
    },
  };
}

/** The answer to a form sent again: the first receipt, or the key-reused refusal. */
function answerAgain(
  again: { accepted: Accepted; chainId: string } | 'mismatch',
  submission: Submission,
  files: readonly CheckedFile[],
): ChainIntake {
  if (again === 'mismatch') {
    return { ok: false, refusal: refusalOf({ kind: 'idempotency-mismatch' }) };
  }
  return {
    ok: true,
    accepted: again.accepted,
    submission,
    uploaded: new Set(files.map((f) => f.documentIndex)),
    chainId: again.chainId,
  };
}

/** Creates one member's sub-dossier at its agency; its time limit counts from now. */
async function startMember(
  services: SubmissionServices,
  chain: Chain,
  chainId: string,
  code: string,
  submission: Submission,
  files: readonly CheckedFile[],
  options: {
    channel: ChannelCode;
    actor: string;
    desk: Agency;
    commune: string | undefined;
    initialStatus: 1 | 2;
  },
): Promise<void> {
  const procedure = await services.index.procedureForCode(code);
  if (!procedure) throw new Error(`chain ${chain.slug}: unknown member ${code}`);
  const agency = agencyFor(services.index, procedure, options.commune);
  if (!agency) throw new Error(`chain ${chain.slug}: no agency for ${code}`);
  const outcome = await submitDossier(
    services,
    procedure,
    { ...submission, agency: agency.slug, fields: fieldsOf(procedure, submission.fields) },
    filesFor(chain, code, [...files]),
    {
      channel: options.channel,
      actor: options.actor,
      initialStatus: options.initialStatus,
      desk: options.desk,
      chainId,
    },
  );
  if (outcome.kind !== 'accepted') throw new Error(`chain member not stored: ${outcome.kind}`);
}

/** The chain and its secret as the citizen typed them, or undefined (one path for both). */
export async function findChainForCitizen(
  db: D1Database,
  code: string,
  secret: string,
): Promise<ChainRow | undefined> {
  const chain = await findChainByCode(db, code);
  const hash = await hashSecret(secret, chain?.secretSalt ?? 'no-such-chain');
  return chain && constantTimeEqual(hash, chain.secretHash) ? chain : undefined;
}

/** One member as the chain's page shows it. */
export interface MemberView {
  procedure: string;
  title: string;
  agencyName: string;
  stage: number;
  state: MemberState;
  row?: MemberRow | undefined;
}

export interface ChainView {
  chain: Chain;
  row: ChainRow;
  state: ChainState;
  timeliness: ReturnType<typeof chainTimeliness>;
  members: MemberView[];
}

const memberState = (code: string, row: MemberRow | undefined, now: Date): MemberState =>
  row
    ? {
        procedure: code,
        kind: 'dossier',
        status: row.status,
        timeliness: timeliness(row.events, row.statutoryDueDate, now).state,
      }
    : { procedure: code, kind: 'waiting' };

/** Each member's state in the chain's order; members a refusal called off are marked so. */
function statesOf(chain: Chain, rows: readonly MemberRow[], now: Date): MemberState[] {
  const byCode = new Map(rows.map((r) => [r.procedureCode, r]));
  const states = chain.members.map((m) => memberState(m.procedure, byCode.get(m.procedure), now));
  const step = nextStep(chain, states);
  return step.kind === 'cancel'
    ? states.map((s) =>
        step.procedures.includes(s.procedure) ? { procedure: s.procedure, kind: 'cancelled' } : s,
      )
    : states;
}

/** The chains' figures of a period (months YYYY-MM, inclusive) for /thong-ke. */
export async function chainStats(
  db: D1Database,
  index: CatalogueIndex,
  period: { from: string; to: string },
  now: Date,
): Promise<ChainFigures> {
  const chains = await chainsReceived(db, period.from, period.to);
  return chainFigures(
    chains.flatMap((c) => {
      const chain = index.catalogue.chains.find((x) => x.slug === c.chainSlug);
      return chain ? [statesOf(chain, c.members, now)] : [];
    }),
  );
}

/** The chain with each member's state; members a refusal called off are shown as such. */
export async function chainView(
  db: D1Database,
  index: CatalogueIndex,
  row: ChainRow,
  now: Date,
): Promise<ChainView | undefined> {
  const chain = index.catalogue.chains.find((c) => c.slug === row.chainSlug);
  if (!chain) return undefined;
  const rows = await chainMembers(db, row.id);
  const byCode = new Map(rows.map((r) => [r.procedureCode, r]));
  const states = statesOf(chain, rows, now);
  return {
    chain,
    row,
    state: chainState(states),
    timeliness: chainTimeliness(states),
    members: chain.members.map((m, i) => {
      const procedure = index.procedureByCode.get(m.procedure);
      const r = byCode.get(m.procedure);
      const agency =
        (r && index.agencyBySlug.get(r.agencySlug)) ??
        (procedure ? agencyFor(index, procedure, row.commune) : undefined);
      return {
        procedure: m.procedure,
        title: procedure?.title ?? m.procedure,
        agencyName: agency?.name ?? '',
        stage: m.stage,
        state: states[i] as MemberState,
        row: r,
      };
    }),
  };
}

/**
 * After an officer's action on a member: starts the next stage when the earlier one has its
 * results (their time limits count from now); returns the titles and agencies started.
 */
export async function advanceChain(
  services: SubmissionServices,
  chainRow: ChainRow,
): Promise<string[]> {
  const { db, index } = services;
  const view = await chainView(db, index, chainRow, services.now());
  if (!view) return [];
  const step = nextStep(
    view.chain,
    view.members.map((m) => m.state),
  );
  if (step.kind !== 'start') return [];
  const first = view.members.find((m) => m.row)?.row;
  const applicant = first ? await applicantOf(db, first.id) : undefined;
  if (!applicant) return [];
  const files = await Promise.all(
    (await chainAttachments(db, chainRow.id)).map(async (a) => ({
      documentIndex: a.documentIndex,
      documentName: a.documentName,
      fileName: a.fileName,
      contentType: a.contentType as CheckedFile['contentType'],
      bytes: new Uint8Array((await (await services.files?.get(a.storageKey))?.arrayBuffer()) ?? []),
    })),
  );
  const fields = JSON.parse(chainRow.formData) as Record<string, string>;
  const desk = index.agencyBySlug.get(chainRow.deskSlug) ?? index.mainDesk;
  const started: string[] = [];
  for (const code of step.procedures) {
    await startMember(
      services,
      view.chain,
      chainRow.id,
      code,
      { ...applicant, fields } as unknown as Submission,
      files.filter((f) => f.bytes.byteLength > 0),
      {
        channel: chainRow.channel,
        actor: 'system',
        desk,
        commune: chainRow.commune || undefined,
        initialStatus: STATUS.RECEIVED,
      },
    );
    const member = view.members.find((m) => m.procedure === code);
    if (member) started.push(`${member.title} (${member.agencyName})`);
  }
  return started;
}

/** The applicant of a started member, as a submission carries it (to start the next members). */
async function applicantOf(db: D1Database, dossierId: string) {
  const a = await db
    .prepare(
      `SELECT full_name AS fullName, id_number AS idNumber, birth_date AS birthDate, phone, email,
         address, commune, rep_full_name AS repFullName, rep_id_number AS repIdNumber,
         rep_phone AS repPhone, rep_relation AS repRelation
       FROM applicants WHERE dossier_id = ?1`,
    )
    .bind(dossierId)
    .first<Record<string, string | null>>();
  if (!a) return undefined;
  return {
    applicant: {
      fullName: a.fullName ?? '',
      idNumber: a.idNumber ?? '',
      birthDate: a.birthDate ?? '',
      phone: a.phone ?? '',
      ...(a.email ? { email: a.email } : {}),
      address: a.address ?? '',
      commune: a.commune ?? '',
    },
    ...(a.repFullName
      ? {
          representative: {
            fullName: a.repFullName,
            idNumber: a.repIdNumber ?? '',
            phone: a.repPhone ?? '',
            relation: a.repRelation ?? '',
          },
        }
      : {}),
  };
}

/**
 * What a member's message says for the chain: the chain's code in place of the member's, and
 * one sentence on what the event means for the other members (from the chain's content).
 */
export async function chainMessageContext(
  db: D1Database,
  index: CatalogueIndex,
  dossierId: string,
): Promise<{ row: ChainRow; chain: Chain } | undefined> {
  const row = await chainOfDossier(db, dossierId);
  const chain = row ? index.catalogue.chains.find((c) => c.slug === row.chainSlug) : undefined;
  return row && chain ? { row, chain } : undefined;
}

/** The sentence added to a member's message, for its kind of event. */
export function chainSentence(chain: Chain, procedure: string, kind: MessageKind): string {
  const effect =
    kind === 'supplement'
      ? effectOnChain(chain, procedure, 'supplement')
      : kind === 'refused' || kind === 'stopped' || kind === 'withdrawn'
        ? effectOnChain(chain, procedure, 'refused')
        : undefined;
  return effect ? ` ${effect}` : '';
}

/**
 * The one message of a member's event when the member belongs to a chain (undefined otherwise):
 * the chain's code, and what the event means for the chain. A member's result in a chain whose
 * results are returned together says so (the rule set's `chain-step` message) until the last one.
 */
export async function chainMessage(
  db: D1Database,
  index: CatalogueIndex,
  member: { id: string; procedureCode: string },
  rules: Pick<RuleSet, 'messages'>,
  kind: MessageKind,
  ctx: MessageContext,
  detail: string,
  now: Date,
): Promise<{ kind: string; subject: string; body: string } | undefined> {
  const found = await chainMessageContext(db, index, member.id);
  if (!found) return undefined;
  const { row, chain } = found;
  const chained = { ...ctx, code: row.code };
  if (kind === 'result-ready' && chain.results === 'cung-luc') {
    const view = await chainView(db, index, row, now);
    const othersDone = view?.members
      .filter((m) => m.procedure !== member.procedureCode)
      .every((m) => m.state.kind === 'dossier' && RESOLVING_STATUSES.includes(m.state.status));
    const step = othersDone ? undefined : composeOptionalMessage(rules, 'chain-step', chained);
    if (step) return { kind: 'chain-step', ...step };
  }
  const message = composeMessage(rules, kind, chained, detail);
  return {
    kind,
    ...message,
    body: `${message.body}${chainSentence(chain, member.procedureCode, kind)}`,
  };
}

/**
 * The chain as its citizen looks it up (code and secret of the chain), or undefined for a
 * wrong code or secret; members called off say why, in the chain's words.
 */
export async function lookupChain(
  db: D1Database,
  index: CatalogueIndex,
  code: string,
  secret: string,
  now: Date,
) {
  const row = await findChainForCitizen(db, code, secret);
  const view = row ? await chainView(db, index, row, now) : undefined;
  if (!row || !view) return undefined;
  const blocker = view.chain.members.find((m) => {
    const s = view.members.find((x) => x.procedure === m.procedure)?.state;
    return m.stopsOthers && s?.kind === 'dossier' && !RESOLVING_STATUSES.includes(s.status);
  });
  return {
    code: row.code,
    title: view.chain.title,
    state: view.state,
    timeliness: view.timeliness,
    receivedAt: row.receivedAt,
    returnDeskName: (index.agencyBySlug.get(row.returnDeskSlug) ?? index.mainDesk).name,
    results: view.chain.results,
    members: view.members.map((m) => ({
      title: m.title,
      agencyName: m.agencyName,
      state: m.state,
      code: m.row?.code,
      dueDate: m.row?.dueDate,
      publicNote: m.row?.events.findLast((e) => e.publicNote)?.publicNote ?? undefined,
      cancelledBecause: m.state.kind === 'cancelled' ? blocker?.ifRefused : undefined,
    })),
  };
}
