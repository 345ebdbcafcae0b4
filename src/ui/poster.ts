import { qrSvg } from './qr.ts';
import type { CatalogueIndex } from '../domain/catalogue-index.ts';
import { describeFee } from '../domain/format.ts';
import { allCommuneDesks, deskSummary } from '../domain/reception.ts';
import { routes } from '../domain/routes.ts';
import { escapeHtml } from '../domain/text/escape.ts';
import { type Agency, isDeskKind } from '../schemas/agency.ts';
import { CHANNEL_LABELS, type DocumentItem, type Procedure } from '../schemas/procedure.ts';

/**
 * Printable pages for public posting (niêm yết) at the one-stop desks: an A4 poster per
 * procedure (src/pages/thu-tuc/[slug]/niem-yet.astro) and a booklet of every procedure of
 * an agency (src/pages/co-quan/[slug]/so-tay.astro). Both carry a QR code back to the
 * online page; the print layout is in src/styles/site.css ("Posters").
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
  return {
    title:
      allCommuneDesks(desks) || boundaryFree
        ? deskSummary(desks, boundaryFree)
        : `${desks.length} nơi tiếp nhận hồ sơ`,
    desks: desks.map((d) => d.shortName ?? d.name),
    hours: sameHours ? (first?.hours ?? []) : [],
  };
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
  const list = index.catalogue.procedures.filter(
    (p) =>
      p.status !== 'repealed' &&
      (p.agencies.includes(agency.slug) ||
        (isDeskKind(agency.kind) && index.desksFor(p).some((d) => d.slug === agency.slug))),
  );
  const groups = new Map<string, Procedure[]>();
  for (const p of list) groups.set(p.field, [...(groups.get(p.field) ?? []), p]);
  return index.catalogue.fields
    .filter((f) => groups.has(f.slug))
    .map((f) => ({ field: f.name, procedures: groups.get(f.slug) ?? [] }));
}
