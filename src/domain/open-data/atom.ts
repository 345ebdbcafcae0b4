import { CHANGE_LABELS } from '../../schemas/procedure.ts';
import { vietnamMidnight } from '../calendar/dates.ts';
import { routes } from '../routes.ts';
import { escapeXml } from '../text/escape.ts';
import { changeTitle, type ProcedureChange } from './changes.ts';
import type { Licence } from './licence.ts';
import { feedArchivePath, openDataPaths } from './paths.ts';

/**
 * The Atom 1.0 feed (RFC 4287) of procedure changes, `/du-lieu/thay-doi.atom`.
 * Dates are whole days in Vietnam time; ids are tag: URIs (RFC 4151) made of the
 * site's host, the day and the procedure code, so they never change between builds.
 */

/** An RFC 3339 timestamp for the start of a day in Vietnam (UTC+7). */
export const atomDate = (isoDate: string): string => vietnamMidnight(isoDate);

/** A stable entry id: `tag:motcua.example.gov.vn,2025-06-27:thu-tuc/1.001193/them`. */
export function entryId(host: string, change: ProcedureChange): string {
  return `tag:${host},${change.date}:thu-tuc/${change.code}/${change.change}`;
}

export interface FeedOptions {
  /** The portal's name, the feed's author. */
  siteName: string;
  /** The locality, for the feed title. */
  localityName: string;
  /** Absolute URL on the public site. */
  absoluteUrl: (path: string) => string;
  licence: Licence;
  /** `updated` of a feed without entries (ISO timestamp). */
  fallbackUpdated: string;
}

function renderEntry(change: ProcedureChange, host: string, options: FeedOptions): string {
  const link = options.absoluteUrl(routes.procedure(change.slug));
  return `<entry>
<id>${escapeXml(entryId(host, change))}</id>
<title>${escapeXml(changeTitle(change))}</title>
<updated>${atomDate(change.date)}</updated>
<link rel="alternate" type="text/html" href="${escapeXml(link)}"/>
<category term="${change.change}" label="${escapeXml(CHANGE_LABELS[change.change])}"/>
<summary>${escapeXml(change.summary)}</summary>
</entry>`;
}

/**
 * Entries of the subscription feed `/du-lieu/thay-doi.atom`; every change is also in the
 * archive of its year, `/du-lieu/thay-doi/<năm>.atom` (RFC 5005 archived feeds), so no feed
 * file grows with the whole history (docs/adr/0026).
 */
export const FEED_SIZE = 500;

/** RFC 5005's namespace, for `<fh:archive/>`. */
export const FEED_HISTORY_NS = 'http://purl.org/syndication/history/1.0';

/** Which document of the feed: the subscription feed, or the archive of a year. */
export interface FeedPage {
  /** The year of an archive document; none for the subscription feed. */
  year?: string;
  /** Paths of the archives before and after this document (RFC 5005 links). */
  prevArchive?: string;
  nextArchive?: string;
}

/** The years that have changes, oldest first: one archive document each. */
export function feedYears(changes: readonly ProcedureChange[]): string[] {
  return [...new Set(changes.map((c) => c.date.slice(0, 4)))].sort();
}

/** The subscription feed: the newest FEED_SIZE changes, linked to the newest archive. */
export function subscriptionFeed(
  changes: readonly ProcedureChange[],
  options: FeedOptions,
): string {
  const newest = feedYears(changes).at(-1);
  return renderChangesFeed(changes.slice(0, FEED_SIZE), options, {
    prevArchive: newest ? feedArchivePath(newest) : undefined,
  });
}

/** The archive of one year: every change dated that year, linked to its neighbours. */
export function archiveFeed(
  changes: readonly ProcedureChange[],
  year: string,
  options: FeedOptions,
): string {
  const years = feedYears(changes);
  const at = years.indexOf(year);
  const before = at > 0 ? years[at - 1] : undefined;
  const after = at >= 0 ? years[at + 1] : undefined;
  return renderChangesFeed(
    changes.filter((c) => c.date.startsWith(year)),
    options,
    {
      year,
      prevArchive: before ? feedArchivePath(before) : undefined,
      nextArchive: after ? feedArchivePath(after) : undefined,
    },
  );
}

/** One feed document; `changes` newest first (as catalogueChanges returns them). */
export function renderChangesFeed(
  changes: readonly ProcedureChange[],
  options: FeedOptions,
  page: FeedPage = {},
): string {
  const self = options.absoluteUrl(page.year ? feedArchivePath(page.year) : openDataPaths.feed);
  const host = new URL(self).hostname;
  const newest = changes
    .map((c) => c.date)
    .sort()
    .at(-1);
  const updated = newest ? atomDate(newest) : options.fallbackUpdated;
  const link = (rel: string, path: string | undefined) =>
    path
      ? `\n<link rel="${rel}" type="application/atom+xml" href="${escapeXml(options.absoluteUrl(path))}"/>`
      : '';
  const history = page.year ? `\n<fh:archive/>${link('current', openDataPaths.feed)}` : '';
  const title = `Thay đổi thủ tục hành chính – ${options.localityName}${page.year ? ` – năm ${page.year}` : ''}`;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="${FEED_HISTORY_NS}" xml:lang="vi">
<id>${escapeXml(self)}</id>
<title>${escapeXml(title)}</title>
<subtitle>Thủ tục được bổ sung, sửa đổi, bãi bỏ trong danh mục của ${escapeXml(options.siteName)}.</subtitle>
<updated>${updated}</updated>
<author><name>${escapeXml(options.siteName)}</name><uri>${escapeXml(options.absoluteUrl('/'))}</uri></author>
<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>${history}${link('prev-archive', page.prevArchive)}${link('next-archive', page.nextArchive)}
<link rel="alternate" type="text/html" href="${escapeXml(options.absoluteUrl(openDataPaths.page))}"/>
<rights>${escapeXml(`${options.licence.name}: ${options.licence.url}`)}</rights>
${changes.map((c) => renderEntry(c, host, options)).join('\n')}
</feed>
`;
}
