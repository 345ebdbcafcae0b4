import { CHANGE_LABELS } from '../../schemas/procedure.ts';
import { vietnamMidnight } from '../calendar/dates.ts';
import { routes } from '../routes.ts';
import { escapeXml } from '../text/escape.ts';
import { changeTitle, type ProcedureChange } from './changes.ts';
import type { Licence } from './licence.ts';
import { openDataPaths } from './paths.ts';

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

/** The whole feed; `changes` newest first (as catalogueChanges returns them). */
export function renderChangesFeed(
  changes: readonly ProcedureChange[],
  options: FeedOptions,
): string {
  const self = options.absoluteUrl(openDataPaths.feed);
  const host = new URL(self).hostname;
  const newest = changes
    .map((c) => c.date)
    .sort()
    .at(-1);
  const updated = newest ? atomDate(newest) : options.fallbackUpdated;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
<id>${escapeXml(self)}</id>
<title>${escapeXml(`Thay đổi thủ tục hành chính – ${options.localityName}`)}</title>
<subtitle>Thủ tục được bổ sung, sửa đổi, bãi bỏ trong danh mục của ${escapeXml(options.siteName)}.</subtitle>
<updated>${updated}</updated>
<author><name>${escapeXml(options.siteName)}</name><uri>${escapeXml(options.absoluteUrl('/'))}</uri></author>
<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>
<link rel="alternate" type="text/html" href="${escapeXml(options.absoluteUrl(openDataPaths.page))}"/>
<rights>${escapeXml(`${options.licence.name}: ${options.licence.url}`)}</rights>
${changes.map((c) => renderEntry(c, host, options)).join('\n')}
</feed>
`;
}
