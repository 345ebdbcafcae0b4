import {
  CHAIN_STATE_LABELS,
  type ChainFigures,
  type ChainState,
  type CombinedDocument,
  type MemberState,
} from '../domain/chains/chain.ts';
import {
  STATUS,
  STATUS_NAMES,
  STATUS_PUBLIC,
  WAITING_FOR_CITIZEN_STATUSES,
} from '../domain/dossier/status.ts';
import { TIMELINESS_LABELS } from '../domain/dossier/timeliness.ts';
import {
  feeRows,
  formatDate,
  formatNumber,
  formatPercent,
  formatWorkingDays,
} from '../domain/format.ts';
import { routes } from '../domain/routes.ts';
import { type Chain, RETURN_MODE_LABELS } from '../schemas/chain.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * Chained procedures for citizens (ADR 0021): the chain's page (members, order, agencies,
 * documents asked once, combined time and fees, how results are returned) and its lookup (the
 * chain and each member with its status, due date and what to do). Render only.
 */

const CHAIN_TIMELINESS_LABELS = {
  'on-time': 'Đúng hạn (mọi thủ tục đều đúng hạn)',
  late: 'Trễ hạn (có thủ tục quá hạn)',
  'in-progress': 'Đang trong thời hạn',
  'not-applicable': 'Không tính thời hạn',
} as const;

export interface ChainMemberLine {
  procedure: string;
  title: string;
  /** The procedure's page, when it is in the catalogue. */
  href?: string | undefined;
  agencyName: string;
  stage: number;
  days: number;
}

/** The chain's catalogue page. */
export function renderChainPage(
  chain: Chain,
  members: readonly ChainMemberLine[],
  documents: readonly CombinedDocument[],
  days: number,
): SafeHtml {
  const stages = [...new Set(members.map((m) => m.stage))];
  return html`<h1>${chain.title}</h1>
<p class="lead">${chain.summary}</p>
${chain.code ? html`<p>Mã thủ tục: ${chain.code}</p>` : ''}
<p><a class="button" href="${routes.applyChain(chain.slug)}">Nộp hồ sơ liên thông trực tuyến</a></p>
<h2>Các thủ tục trong liên thông</h2>
<ol class="chain-stages">${stages.map(
    (stage) =>
      html`<li>${stage === 1 ? 'Làm trước' : 'Làm sau khi bước trước có kết quả'}${members.filter((m) => m.stage === stage).length > 1 ? ' (song song)' : ''}:
<ul>${members
        .filter((m) => m.stage === stage)
        .map(
          (m) =>
            html`<li>${m.href ? html`<a href="${m.href}">${m.title}</a>` : m.title}: ${m.agencyName}; ${formatWorkingDays(m.days)}</li>`,
        )}</ul></li>`,
  )}</ol>
<h2>Thành phần hồ sơ (mỗi giấy tờ nộp một lần)</h2>
<ol>${documents.map(
    (d) =>
      html`<li>${d.name}${d.condition ? html` <span class="small">(${d.condition})</span>` : ''}<br><span class="small">Dùng cho: ${d.usedBy.join('; ')}${d.note ? html`. ${d.note}` : ''}</span></li>`,
  )}</ol>
<h2>Thời hạn giải quyết</h2>
<p>${formatWorkingDays(days)} cho cả liên thông${chain.time.note ? html`. ${chain.time.note}` : ''}</p>
<h2>Phí, lệ phí</h2>
${chain.fees.length === 0 ? html`<p>Không thu phí, lệ phí.</p>` : html`<ul>${feeRows(chain.fees).map((f) => html`<li>${f.name}${f.case ? html` (${f.case})` : ''}: ${f.amount}</li>`)}</ul>`}
<h2>Trả kết quả</h2>
<p>${RETURN_MODE_LABELS[chain.results]}.${chain.resultsNote ? html` ${chain.resultsNote}` : ''}</p>`;
}

export interface ChainLookupMember {
  title: string;
  agencyName: string;
  state: MemberState;
  code?: string | undefined;
  dueDate?: string | undefined;
  /** What the agency last told the citizen (documents to supplement, reason). */
  publicNote?: string | undefined;
  /** For a member called off: why, in the chain's words. */
  cancelledBecause?: string | undefined;
}

/** The chain's status as its citizen looks it up with the chain's code and secret. */
export function renderChainLookup(view: {
  code: string;
  title: string;
  state: ChainState;
  timeliness: keyof typeof CHAIN_TIMELINESS_LABELS;
  receivedAt: string;
  returnDeskName: string;
  results: Chain['results'];
  members: readonly ChainLookupMember[];
}): SafeHtml {
  return html`<section class="lookup-result chain-lookup" aria-labelledby="chain-title">
<h2 id="chain-title">Hồ sơ liên thông ${view.code}</h2>
<p>${view.title}</p>
<dl>
<dt>Tình trạng chung</dt><dd>${CHAIN_STATE_LABELS[view.state]}</dd>
<dt>Thời hạn</dt><dd>${CHAIN_TIMELINESS_LABELS[view.timeliness]}</dd>
<dt>Ngày nhận</dt><dd>${formatDate(view.receivedAt.slice(0, 10))}</dd>
<dt>Trả kết quả</dt><dd>${RETURN_MODE_LABELS[view.results]}, tại ${view.returnDeskName}</dd>
</dl>
<h3>Từng thủ tục</h3>
<ol class="chain-members">${view.members.map((m) => html`<li><strong>${m.title}</strong> (${m.agencyName})<br>${memberLine(m, view.returnDeskName, view.results === 'cung-luc' && view.state !== 'done')}</li>`)}</ol>
</section>`;
}

function memberLine(m: ChainLookupMember, deskName: string, together: boolean): SafeHtml {
  const s = m.state;
  if (s.kind === 'waiting')
    return html`Chưa bắt đầu: thủ tục này bắt đầu khi thủ tục trước có kết quả.`;
  if (s.kind === 'cancelled')
    return html`Không thực hiện.${m.cancelledBecause ? html` ${m.cancelledBecause}` : ''}`;
  // Results returned together: a member's result waits for the others, whatever its own notice said.
  const held = together && s.status === STATUS.PROCESSED;
  const act = WAITING_FOR_CITIZEN_STATUSES.includes(s.status);
  return html`Mã hồ sơ ${m.code ?? ''}: <strong>${STATUS_NAMES[s.status]}</strong>. ${held ? 'Đã có kết quả; kết quả được trả cùng lúc với các thủ tục còn lại.' : STATUS_PUBLIC[s.status]}${m.dueDate ? html` Ngày hẹn: ${formatDate(m.dueDate)}.` : ''} ${TIMELINESS_LABELS[s.timeliness]}.${
    act && m.publicNote
      ? html`<br><strong>Việc cần làm:</strong> ${m.publicNote} Mang giấy tờ đến ${deskName}, nói mã hồ sơ liên thông.`
      : m.publicNote && !held
        ? html`<br>${m.publicNote}`
        : ''
  }`;
}

/** The chains' section of /thong-ke: chains counted once; on time only if every member is. */
export function renderChainStats(f: ChainFigures): SafeHtml {
  return html`<section aria-labelledby="lien-thong-thong-ke">
<h2 id="lien-thong-thong-ke">Hồ sơ liên thông</h2>
<p>Mỗi hồ sơ liên thông tính một lần; các thủ tục thành phần đã được tính trong số liệu của cơ quan giải quyết ở trên. Một hồ sơ liên thông đúng hạn khi mọi thủ tục thành phần đều đúng hạn.</p>
<table><caption>Hồ sơ liên thông trong kỳ</caption>
<thead><tr><th scope="col">Tiếp nhận</th><th scope="col">Đã kết thúc</th><th scope="col">Đúng hạn</th><th scope="col">Trễ hạn</th><th scope="col">Đang giải quyết</th><th scope="col">Tỷ lệ đúng hạn</th></tr></thead>
<tbody><tr><td>${formatNumber(f.received)}</td><td>${formatNumber(f.finished)}</td><td>${formatNumber(f.onTime)}</td><td>${formatNumber(f.late)}</td><td>${formatNumber(f.inProgress)}</td><td>${f.onTimeShare === undefined ? 'Chưa có hồ sơ kết thúc' : formatPercent(f.onTimeShare)}</td></tr></tbody>
</table>
</section>`;
}

/** The chains a search found, above the procedures. */
export function renderChainMatches(chains: readonly Chain[]): SafeHtml | '' {
  if (chains.length === 0) return '';
  return html`<section class="chain-matches" aria-labelledby="lien-thong-tim-thay">
<h2 id="lien-thong-tim-thay">Thủ tục liên thông: nộp một lần cho nhiều thủ tục</h2>
<ul>${chains.map((c) => html`<li><a href="${routes.chain(c.slug)}">${c.title}</a><br><span class="small">${c.summary}</span></li>`)}</ul>
</section>`;
}
