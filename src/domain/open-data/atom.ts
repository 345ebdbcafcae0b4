import { CHANGE_LABELS } from '../../schemas/procedure.ts';
import { routes } from '../routes.ts';
import { changeTitle, type ProcedureChange } from './changes.ts';
import type { Licence } from './licence.ts';
import { openDataPaths } from './paths.ts';

/**
 * The Atom 1.0 feed (RFC 4287) of procedure changes, `/du-lieu/thay-doi.atom`.
 * Dates are whole days in Vietnam time; ids are tag: URIs (RFC 4151) made of the
 * site's host, the day and the procedure code, so they never change between builds.
 */

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * True for a character XML 1.0 allows: not a control character other than tab, LF and
 * CR, not a lone surrogate, not U+FFFE or U+FFFF.
 */
function xmlAllowed(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

/** The text without the characters XML 1.0 does not allow at all. */
export function xmlChars(text: string): string {
  return Array.from(text).filter(xmlAllowed).join('');
}

/** Text safe in XML content and attribute values. */
export function xmlEscape(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** An RFC 3339 timestamp for the start of a day in Vietnam (UTC+7). */
export const atomDate = (isoDate: string): string => `${isoDate}T00:00:00+07:00`;

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
<id>${xmlEscape(entryId(host, change))}</id>
<title>${xmlEscape(changeTitle(change))}</title>
<updated>${atomDate(change.date)}</updated>
<link rel="alternate" type="text/html" href="${xmlEscape(link)}"/>
<category term="${change.change}" label="${xmlEscape(CHANGE_LABELS[change.change])}"/>
<summary>${xmlEscape(change.summary)}</summary>
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
<id>${xmlEscape(self)}</id>
<title>${xmlEscape(`Thay đổi thủ tục hành chính – ${options.localityName}`)}</title>
<subtitle>Thủ tục được bổ sung, sửa đổi, bãi bỏ trong danh mục của ${xmlEscape(options.siteName)}.</subtitle>
<updated>${updated}</updated>
<author><name>${xmlEscape(options.siteName)}</name><uri>${xmlEscape(options.absoluteUrl('/'))}</uri></author>
<link rel="self" type="application/atom+xml" href="${xmlEscape(self)}"/>
<link rel="alternate" type="text/html" href="${xmlEscape(options.absoluteUrl(openDataPaths.page))}"/>
<rights>${xmlEscape(`${options.licence.name}: ${options.licence.url}`)}</rights>
${changes.map((c) => renderEntry(c, host, options)).join('\n')}
</feed>
`;
}
