import { qrSvg } from './qr.ts';
import type { CatalogueIndex } from '../domain/catalogue-index.ts';
import { describeFee, formatDate, formatTimeLimit } from '../domain/format.ts';
import { allCommuneDesks, deskSummary, tooManyToList } from '../domain/reception.ts';
import { routes } from '../domain/routes.ts';
import { escapeHtml } from '../domain/text/escape.ts';
import { type Agency, isDeskKind } from '../schemas/agency.ts';
import {
  CHANNEL_LABELS,
  type DocumentItem,
  LEVEL_LABELS,
  type Procedure,
  STATUS_LABELS,
} from '../schemas/procedure.ts';
import type { Site } from '../schemas/site.ts';
import type { Crumb, NavKey } from './chrome.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * Printable pages for public posting (niêm yết) at the one-stop desks: an A4 poster per
 * procedure (`posterPage` below, rendered by the Worker on request: functions/routes/posters.ts,
 * ADR 0024) and a booklet of every procedure of an agency (src/pages/co-quan/[slug]/so-tay.astro,
 * prerendered). Both carry a QR code back to the online page; the print layout is in
 * src/styles/site.css ("Posters").
 */

/** `/thu-tuc/<slug>/niem-yet/`: the poster of a procedure. */
export const posterPath = (slug: string): string => `${routes.procedure(slug)}niem-yet/`;

/** `/co-quan/<slug>/so-tay/`: the booklet of an agency. */
export const bookletPath = (slug: string): string => `${routes.agency(slug)}so-tay/`;

/**
 * A title cut at a word to at most `max` characters, with "…", for a breadcrumb that
 * stays on the first line on a phone: a link that wraps under another link is too close
 * to it (WCAG 2.5.8, target size).
 */
export function shortTitle(title: string, max = 28): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return `${(at > 10 ? cut.slice(0, at) : cut).replace(/[\s,;:–-]+$/u, '')}…`;
}

/**
 * The QR code of an absolute URL as inline SVG, named for assistive technology and
 * carrying the URL it encodes in `data-qr-url`.
 */
export async function labelledQrSvg(url: string): Promise<string> {
  const svg = await qrSvg(url);
  const label = escapeHtml(`Mã QR dẫn tới ${url}`);
  return svg
    .replace(/<\?xml[^>]*>\s*/, '')
    .trim()
    .replace(
      '<svg ',
      `<svg role="img" aria-label="${label}" data-qr-url="${escapeHtml(url)}" focusable="false" `,
    );
}

/** "1 bản chính, 1 bản sao" (empty when neither). */
export function documentCounts(d: Pick<DocumentItem, 'originals' | 'copies'>): string {
  return [
    d.originals > 0 ? `${d.originals} bản chính` : '',
    d.copies > 0 ? `${d.copies} bản sao` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** One line per fee, "Lệ phí – Đăng ký quá hạn: 8.000 đ/bản (khi nộp trực tiếp)"; "Không mất phí, lệ phí" when none. */
export function feeLines(p: Pick<Procedure, 'fees'>): string[] {
  if (p.fees.length === 0) return ['Không mất phí, lệ phí'];
  return p.fees.map((f) => {
    const amount = describeFee(f);
    const when = f.channels
      ? ` (khi nộp ${f.channels.map((c) => CHANNEL_LABELS[c].toLowerCase()).join(', ')})`
      : '';
    // "Lệ phí đăng ký khai sinh – Đăng ký đúng hạn (trong 60 ngày): Miễn": the case after a
    // dash, so that its own brackets never nest inside ours.
    const which = f.case ? ` – ${f.case}` : '';
    return `${f.name}${which}${amount ? `: ${amount}` : ''}${when}`;
  });
}

/** Where a procedure is submitted, for a poster: one desk in full, several by name. */
export interface PosterPlace {
  /** The heading line: the desk's name or "Trung tâm Phục vụ hành chính công xã nơi cư trú". */
  title: string;
  /** Address of the single desk. */
  address?: string;
  /** The names of the desks, when there are several. */
  desks: string[];
  /** Opening hours when every desk has the same; empty otherwise. */
  hours: Agency['hours'];
  /** The desk's phone, when there is one desk. */
  phone?: string;
}

/** The place block of a poster from the desks of a procedure. */
export function posterPlace(desks: readonly Agency[], boundaryFree = false): PosterPlace {
  const [first] = desks;
  if (desks.length === 1 && first && !boundaryFree) {
    const place: PosterPlace = {
      title: first.name,
      address: first.address,
      desks: [],
      hours: first.hours,
    };
    if (first.phone) place.phone = first.phone;
    return place;
  }
  const sameHours = desks.every((d) => JSON.stringify(d.hours) === JSON.stringify(first?.hours));
  // Province scale: many desks are counted, not named (170 names on an A4 poster).
  const many = tooManyToList(desks.length);
  return {
    title:
      allCommuneDesks(desks) || boundaryFree
        ? `${deskSummary(desks, boundaryFree)}${many ? ` (${desks.length} nơi tiếp nhận)` : ''}`
        : `${desks.length} nơi tiếp nhận hồ sơ`,
    desks: many ? [] : desks.map((d) => d.shortName ?? d.name),
    hours: sameHours ? (first?.hours ?? []) : [],
  };
}

/**
 * Whether a booklet prints a procedure's details (what to bring) or only its row in the list.
 * A procedure handled by more than `FULL_LIST_MAX` agencies is the same in every commune of
 * the province: each commune's booklet lists it (code, title, time, fee) and points to its
 * online page and its poster instead of reprinting it (a 170-commune province's centres each
 * reprinted 4,232 such procedures: 4.4 MB per booklet, 1.45 GB in all). Procedures of this
 * agency alone, or of a few agencies (every procedure of the demo), keep their details.
 */
export const bookletDetails = (procedure: Pick<Procedure, 'agencies'>): boolean =>
  !tooManyToList(procedure.agencies.length);

const byDesk = new WeakMap<CatalogueIndex<Procedure>, Map<string, Set<Procedure>>>();

/**
 * The procedures submitted at each desk (`index.desksFor`), worked out once per catalogue:
 * asking `desksFor` of every procedure for every one of a province's 171 centres (6,000
 * procedures, 170 agencies each) was most of the booklets' rendering time (ADR 0024).
 */
function submittedAt(index: CatalogueIndex<Procedure>): Map<string, Set<Procedure>> {
  let map = byDesk.get(index);
  if (!map) {
    map = new Map();
    for (const p of index.catalogue.procedures) {
      for (const desk of index.desksFor(p)) {
        const set = map.get(desk.slug) ?? new Set();
        set.add(p);
        map.set(desk.slug, set);
      }
    }
    byDesk.set(index, map);
  }
  return map;
}

/** A group of a booklet: the procedures of one field. */
export interface BookletGroup {
  field: string;
  procedures: Procedure[];
}

/**
 * The procedures an agency's booklet lists: those it handles and, for a one-stop desk,
 * those submitted there; repealed ones are left out. Grouped by field, in catalogue order.
 */
export function bookletGroups(agency: Agency, index: CatalogueIndex<Procedure>): BookletGroup[] {
  const own = new Set(index.byAgency.get(agency.slug));
  const atDesk = isDeskKind(agency.kind) ? submittedAt(index).get(agency.slug) : undefined;
  const list = index.catalogue.procedures.filter(
    (p) => p.status !== 'repealed' && (own.has(p) || atDesk?.has(p) === true),
  );
  const groups = new Map<string, Procedure[]>();
  for (const p of list) groups.set(p.field, [...(groups.get(p.field) ?? []), p]);
  return index.catalogue.fields
    .filter((f) => groups.has(f.slug))
    .map((f) => ({ field: f.name, procedures: groups.get(f.slug) ?? [] }));
}

/** What a poster shows: one procedure and the names around it, as plain data. */
export interface PosterData {
  procedure: Procedure;
  site: Pick<Site, 'name' | 'hotline' | 'url'>;
  /** The name of the procedure's field, when it has one. */
  field?: string;
  /** The desks where it is submitted (`index.desksFor`). */
  desks: readonly Agency[];
}

/** The page a poster is: what the Worker hands to the site chrome (`PageKit.render`). */
export interface PosterPage {
  title: string;
  description: string;
  current: NavKey;
  crumbs: Crumb[];
  head: SafeHtml;
  main: SafeHtml;
}

/**
 * The A4 poster of a procedure for public posting (niêm yết) at the desks: what to bring,
 * how long, how much, where and when, and a QR code back to the online page. A pure
 * function of the procedure and the names around it; kept out of search engines (the
 * procedure page is the one to index).
 */
export async function posterPage({
  procedure: p,
  site,
  field,
  desks,
}: PosterData): Promise<PosterPage> {
  const absolute = (path: string) => new URL(path, site.url).toString();
  const url = absolute(routes.procedure(p.slug));
  const qr = await labelledQrSvg(url);
  const place = posterPlace(desks, p.boundaryFree);
  const fees = feeLines(p);
  const online = p.online !== 'khong' && p.status === 'active';
  const lines = (items: readonly (string | SafeHtml)[]) =>
    items.map((item, i) => html`${i > 0 ? raw('<br>') : ''}${item}`);
  const small = (text: string) => html`<br><span class="poster-small">${text}</span>`;
  const main = html`<p class="notice no-print">Trang này để in và niêm yết tại nơi tiếp nhận hồ sơ: dùng lệnh In của trình duyệt (Ctrl + P), khổ giấy A4. Nội dung đầy đủ ở <a href="${routes.procedure(p.slug)}">trang thủ tục</a>.</p>
<article class="poster">
<p class="poster-kicker">${site.name} · Thủ tục hành chính</p>
<div class="poster-qr">${raw(qr)}<p>Quét mã để xem đầy đủ${online ? ' và nộp trực tuyến' : ''}</p></div>
<h1>${p.title}</h1>
<p class="meta">Mã thủ tục ${p.code}${field ? ` · ${field}` : ''} · ${LEVEL_LABELS[p.level]}</p>
${p.status !== 'active' ? html`<p class="notice"><strong>${STATUS_LABELS[p.status]}.</strong> ${p.statusNote}</p>` : ''}
<dl class="facts poster-facts">
<div><dt>Thời hạn giải quyết</dt><dd>${formatTimeLimit(p.time)}</dd></div>
<div><dt>Phí, lệ phí</dt><dd>${lines(fees)}</dd></div>
<div><dt>Nơi nộp hồ sơ</dt><dd>${place.title}${place.address ? small(place.address) : ''}${place.desks.length > 0 ? small(place.desks.join('; ')) : ''}</dd></div>
<div><dt>Giờ tiếp nhận</dt><dd>${place.hours.length > 0 ? lines(place.hours.map((h) => `${h.days}: ${h.hours}`)) : 'Giờ hành chính các ngày làm việc'}</dd></div>
<div><dt>Đường dây nóng</dt><dd>${site.hotline}${place.phone ? small(`Điện thoại nơi nộp: ${place.phone}`) : ''}</dd></div>
${online ? html`<div><dt>Nộp trực tuyến</dt><dd><span class="poster-small">${absolute(routes.apply(p.slug))}</span></dd></div>` : ''}
</dl>
${p.time.note ? html`<p class="poster-small">${p.time.note}</p>` : ''}
<h2>Cần mang theo</h2>
<p>${String(p.sets).padStart(2, '0')} bộ hồ sơ gồm:</p>
<ul class="checklist">${p.documents.map((d) => {
    const counts = documentCounts(d);
    return html`<li><strong>${d.name}</strong>${counts ? ` – ${counts}` : ''}${d.condition ? html`<br><span class="poster-small">Chỉ cần khi: ${d.condition}</span>` : ''}</li>`;
  })}</ul>
<h2>Kết quả nhận được</h2>
<ul>${p.result.map((r) => html`<li>${r}</li>`)}</ul>
<p class="meta">Thời hạn tính theo ngày làm việc, không kể thứ Bảy, Chủ nhật và ngày lễ, Tết. Thông tin rà soát ngày ${formatDate(p.lastReviewed)}. Bản mới nhất: ${url}</p>
</article>`;
  return {
    title: `Tờ niêm yết: ${p.title}`,
    description: `Tờ niêm yết khổ A4 của thủ tục ${p.title}, có mã QR dẫn tới trang trực tuyến.`,
    current: 'catalogue',
    crumbs: [
      { label: 'Trang chủ', href: '/' },
      { label: shortTitle(p.title), href: routes.procedure(p.slug) },
      { label: 'Tờ niêm yết' },
    ],
    head: html`<meta name="robots" content="noindex"><link rel="canonical" href="${absolute(posterPath(p.slug))}">`,
    main,
  };
}
