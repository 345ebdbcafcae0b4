import type { Chain, ChainDocument, ChainMember } from '../../schemas/chain.ts';
import { STATUS, type StatusCode, WAITING_FOR_CITIZEN_STATUSES } from '../dossier/status.ts';
import { FINISHING_STATUSES, RESOLVING_STATUSES, type Timeliness } from '../dossier/timeliness.ts';

/**
 * Chained procedures (một cửa liên thông, ADR 0021), pure: which members start when, what
 * a refusal of one member does to the others, the state of the whole chain derived from its
 * members, whether it is on time, and its combined documents and time. The rules come from the
 * chain's content (content/chains/); this module only applies them.
 */

/** A member as the chain sees it: not started yet, called off, or a sub-dossier with its state. */
export type MemberState =
  | { procedure: string; kind: 'waiting' }
  | { procedure: string; kind: 'cancelled' }
  | {
      procedure: string;
      kind: 'dossier';
      status: StatusCode;
      /** The member's own timeliness (src/domain/dossier/timeliness.ts). */
      timeliness: Timeliness['state'];
    };

export type ChainState =
  /** Some member still being processed, none waiting for the citizen. */
  | 'processing'
  /** A member waits for the citizen (supplement, payment). */
  | 'waiting-for-citizen'
  /** Every member has its result. */
  | 'done'
  /** Ended: some members have their result, others were refused, stopped, withdrawn or called off. */
  | 'partly-done'
  /** Ended without any result. */
  | 'ended';

export const CHAIN_STATE_LABELS: Record<ChainState, string> = {
  processing: 'Đang giải quyết',
  'waiting-for-citizen': 'Chờ người nộp bổ sung hoặc thực hiện nghĩa vụ',
  done: 'Đã có kết quả tất cả các thủ tục',
  'partly-done': 'Đã kết thúc, có thủ tục không được giải quyết',
  ended: 'Đã kết thúc, không thủ tục nào được giải quyết',
};

const hasResult = (m: MemberState) => m.kind === 'dossier' && RESOLVING_STATUSES.includes(m.status);
/** Ended: with a result, refused, stopped, withdrawn, or called off. */
const isEnded = (m: MemberState) =>
  m.kind === 'cancelled' ||
  (m.kind === 'dossier' &&
    (FINISHING_STATUSES.includes(m.status) || m.status === STATUS.WITHDRAWN));

/** The state of the chain, from its members'. */
export function chainState(members: readonly MemberState[]): ChainState {
  if (members.some((m) => m.kind === 'dossier' && WAITING_FOR_CITIZEN_STATUSES.includes(m.status)))
    return 'waiting-for-citizen';
  if (!members.every(isEnded)) return 'processing';
  if (members.every(hasResult)) return 'done';
  return members.some(hasResult) ? 'partly-done' : 'ended';
}

/**
 * The chain's timeliness: on time only if every member is. Late as soon as one member is late
 * or overdue; in progress while a member runs; finished on time when every member that ran
 * finished early or on time. Members called off or withdrawn are not counted.
 */
export function chainTimeliness(
  members: readonly MemberState[],
): 'on-time' | 'late' | 'in-progress' | 'not-applicable' {
  const ran = members.filter(
    (m): m is Extract<MemberState, { kind: 'dossier' }> =>
      m.kind === 'dossier' && m.timeliness !== 'not-applicable',
  );
  if (ran.some((m) => m.timeliness === 'late' || m.timeliness === 'overdue')) return 'late';
  if (!members.every(isEnded)) return 'in-progress';
  return ran.length === 0 ? 'not-applicable' : 'on-time';
}

export type NextStep =
  | { kind: 'start'; procedures: string[] }
  | { kind: 'cancel'; procedures: string[]; because: string }
  | { kind: 'none' };

/**
 * What the chain does after a member changed: the waiting members of the next stage start
 * when every member of the earlier stages has ended and at least one has its result; they are
 * called off when a member that `stopsOthers` ended without a result (refused, stopped,
 * withdrawn), or when no earlier member has a result.
 */
export function nextStep(chain: Pick<Chain, 'members'>, states: readonly MemberState[]): NextStep {
  const stateOf = new Map(states.map((s) => [s.procedure, s]));
  const waiting = chain.members.filter((m) => stateOf.get(m.procedure)?.kind === 'waiting');
  if (waiting.length === 0) return { kind: 'none' };
  const stage = Math.min(...waiting.map((m) => m.stage));
  const earlier = chain.members.filter((m) => m.stage < stage);
  const earlierStates = earlier.map(
    (m) => stateOf.get(m.procedure) ?? { kind: 'waiting' as const },
  );
  if (!earlierStates.every((s) => isEnded(s as MemberState))) return { kind: 'none' };
  const blocker = earlier.find((m) => {
    const s = stateOf.get(m.procedure);
    return m.stopsOthers && s !== undefined && !hasResult(s);
  });
  const later = waiting.map((m) => m.procedure);
  if (blocker) return { kind: 'cancel', procedures: later, because: blocker.procedure };
  if (!earlierStates.some((s) => hasResult(s as MemberState)))
    return { kind: 'cancel', procedures: later, because: earlier[0]?.procedure ?? '' };
  return {
    kind: 'start',
    procedures: chain.members
      .filter((m) => m.stage === stage)
      .map((m) => m.procedure)
      .filter((code) => stateOf.get(code)?.kind === 'waiting'),
  };
}

/** The members that start at reception: the first stage. */
export const firstStage = (chain: Pick<Chain, 'members'>): ChainMember[] =>
  chain.members.filter((m) => m.stage === 1);

/**
 * The sentence that tells the citizen what an event of one member means for the chain: the
 * chain's own words for a refusal or a supplement request; undefined for other events.
 */
export function effectOnChain(
  chain: Pick<Chain, 'members'>,
  procedure: string,
  event: 'refused' | 'supplement' | 'stopped' | 'withdrawn',
): string | undefined {
  const member = chain.members.find((m) => m.procedure === procedure);
  if (!member) return undefined;
  return event === 'supplement' ? member.ifSupplement : member.ifRefused;
}

/** One line of the combined documents: the document, asked once, and the members that use it. */
export interface CombinedDocument extends ChainDocument {
  /** Titles of the members that need it, in the chain's order. */
  usedBy: string[];
}

/**
 * The documents of the chain, each asked once even when several members need it: documents of
 * the same name (compared without case and spacing) are merged and their members joined.
 */
export function combinedDocuments(
  chain: Pick<Chain, 'documents' | 'members'>,
  titleOf: (code: string) => string,
): CombinedDocument[] {
  const byName = new Map<string, CombinedDocument>();
  const order = chain.members.map((m) => m.procedure);
  for (const d of chain.documents) {
    const key = d.name.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
    const seen = byName.get(key);
    const members = [...new Set([...(seen?.members ?? []), ...d.members])].sort(
      (a, b) => order.indexOf(a) - order.indexOf(b),
    );
    byName.set(key, { ...(seen ?? d), members, usedBy: members.map(titleOf) });
  }
  return [...byName.values()];
}

/**
 * The chain's time in working days when its content gives none: the stages run one after the
 * other, the members of a stage side by side, so the longest member of each stage, summed.
 */
export function combinedDays(
  chain: Pick<Chain, 'members' | 'time'>,
  daysOf: (code: string) => number,
): number {
  if (chain.time.days !== undefined) return chain.time.days;
  const stages = new Map<number, number>();
  for (const m of chain.members)
    stages.set(m.stage, Math.max(stages.get(m.stage) ?? 0, daysOf(m.procedure)));
  return [...stages.values()].reduce((sum, days) => sum + days, 0);
}

/**
 * The agency a member goes to: the member procedure's agency in the commune of the agency the
 * chain was filed with, else its only agency (a province-level one such as BHXH cơ sở).
 */
export function memberAgency<A extends { slug: string; commune?: string | undefined }>(
  agencies: readonly A[],
  commune: string | undefined,
): A | undefined {
  return (
    agencies.find((a) => commune !== undefined && a.commune === commune) ??
    (agencies.length === 1 ? agencies[0] : undefined)
  );
}

/** The chains' figures for /thong-ke: each chain counted once, whatever its number of members. */
export interface ChainFigures {
  received: number;
  /** Ended chains whose timeliness counts (not every member withdrawn or called off). */
  finished: number;
  onTime: number;
  late: number;
  inProgress: number;
  /** Share of finished chains on time (every member on time), or undefined when none finished. */
  onTimeShare: number | undefined;
}

export function chainFigures(chains: readonly (readonly MemberState[])[]): ChainFigures {
  const states = chains.map((members) => ({
    timeliness: chainTimeliness(members),
    ended: members.every(isEnded),
  }));
  const onTime = states.filter((s) => s.ended && s.timeliness === 'on-time').length;
  const late = states.filter((s) => s.ended && s.timeliness === 'late').length;
  const finished = onTime + late;
  return {
    received: chains.length,
    finished,
    onTime,
    late,
    inProgress: states.filter((s) => !s.ended).length,
    onTimeShare: finished > 0 ? onTime / finished : undefined,
  };
}
