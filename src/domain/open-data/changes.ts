import {
  CHANGE_KINDS,
  CHANGE_LABELS,
  type ChangeKind,
  type Procedure,
} from '../../schemas/procedure.ts';
import { formatDate } from '../format.ts';

/**
 * Dated changes of the catalogue (added, changed, repealed) for the Atom feed.
 *
 * The procedure's `history` is the record for every kind of change it contains. A kind
 * it does not contain is derived, and the entry says where its date comes from:
 * - added ("them"): `effectiveDate`, else `publication.date`, else `lastReviewed`;
 * - changed ("sua"): `lastReviewed`, when it is later than every other entry and the
 *   procedure has not been repealed;
 * - repealed ("bai-bo"): never derived; the content schema requires a history entry.
 * See docs/du-lieu-mo.md.
 */

/** Where a change's date comes from. */
export type ChangeBasis = 'history' | 'effectiveDate' | 'publication' | 'lastReviewed';

export interface ProcedureChange {
  code: string;
  slug: string;
  title: string;
  change: ChangeKind;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  basis: ChangeBasis;
  /** One or two Vietnamese sentences for the feed entry. */
  summary: string;
}

/** A title of the form "Bổ sung: Đăng ký khai sinh". */
export const changeTitle = (c: Pick<ProcedureChange, 'change' | 'title'>): string =>
  `${CHANGE_LABELS[c.change]}: ${c.title}`;

/** The default sentence for a change, by kind and by where its date comes from. */
function defaultSummary(p: Procedure, change: ChangeKind, basis: ChangeBasis, date: string) {
  const day = formatDate(date);
  if (change === 'bai-bo') return `Thủ tục bãi bỏ từ ngày ${day}.`;
  if (change === 'sua') {
    return basis === 'history'
      ? `Nội dung thủ tục được sửa đổi từ ngày ${day}.`
      : `Nội dung được cán bộ biên tập rà soát, cập nhật ngày ${day}.`;
  }
  const decision = p.publication
    ? `${p.publication.decision}${p.publication.issuer ? ` của ${p.publication.issuer}` : ''}`
    : undefined;
  switch (basis) {
    case 'history':
      return `Thủ tục được bổ sung vào danh mục từ ngày ${day}.`;
    case 'effectiveDate':
      return `Thủ tục có hiệu lực từ ngày ${day}${decision ? `, công bố tại ${decision}` : ''}.`;
    case 'publication':
      return `Thủ tục được công bố tại ${decision} ngày ${day}.`;
    default:
      return `Thủ tục được đưa lên cổng. Chưa ghi ngày công bố hay ngày hiệu lực nên ngày ghi ở đây là ngày rà soát ${day}.`;
  }
}

/** The added entry's date when the history has none, and where it comes from. */
function derivedAdded(p: Procedure): { date: string; basis: ChangeBasis } {
  if (p.effectiveDate) return { date: p.effectiveDate, basis: 'effectiveDate' };
  if (p.publication) return { date: p.publication.date, basis: 'publication' };
  return { date: p.lastReviewed, basis: 'lastReviewed' };
}

/**
 * Every change of one procedure, oldest first. `titleOf` names the replacement of a
 * repealed procedure by its code, when the catalogue has it.
 */
export function procedureChanges(
  p: Procedure,
  titleOf: (code: string) => string | undefined = () => undefined,
): ProcedureChange[] {
  const make = (change: ChangeKind, date: string, basis: ChangeBasis, note?: string) => {
    let summary = note ?? defaultSummary(p, change, basis, date);
    if (change === 'bai-bo' && p.replacedBy) {
      const title = titleOf(p.replacedBy);
      summary += ` Thay thế bởi thủ tục ${p.replacedBy}${title ? ` (${title})` : ''}.`;
    }
    return { code: p.code, slug: p.slug, title: p.title, change, date, basis, summary };
  };
  const history = p.history ?? [];
  const changes = history.map((h) => make(h.change, h.date, 'history', h.note));
  const recorded = new Set(history.map((h) => h.change));
  if (!recorded.has('them')) {
    const added = derivedAdded(p);
    changes.push(make('them', added.date, added.basis));
  }
  const latest = changes
    .map((c) => c.date)
    .sort()
    .at(-1);
  if (!recorded.has('sua') && !recorded.has('bai-bo') && (!latest || p.lastReviewed > latest)) {
    changes.push(make('sua', p.lastReviewed, 'lastReviewed'));
  }
  return changes.sort(byDateThenKind);
}

/** Older first; on the same day added, then changed, then repealed; then by code. */
function byDateThenKind(a: ProcedureChange, b: ProcedureChange): number {
  return (
    a.date.localeCompare(b.date) ||
    CHANGE_KINDS.indexOf(a.change) - CHANGE_KINDS.indexOf(b.change) ||
    b.code.localeCompare(a.code)
  );
}

/** Every change in the catalogue, newest first; one entry per procedure, kind and day. */
export function catalogueChanges(procedures: readonly Procedure[]): ProcedureChange[] {
  const titles = new Map(procedures.map((p) => [p.code, p.title]));
  const seen = new Set<string>();
  const all: ProcedureChange[] = [];
  for (const p of procedures) {
    for (const c of procedureChanges(p, (code) => titles.get(code))) {
      const key = `${c.code}/${c.change}/${c.date}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(c);
    }
  }
  return all.sort(byDateThenKind).reverse();
}
