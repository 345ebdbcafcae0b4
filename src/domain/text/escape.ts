/**
 * The one HTML escaper and the one XML escaper, with one rule for text that is not
 * well-formed UTF-16: a lone surrogate becomes U+FFFD (the replacement character),
 * as `TextEncoder` and `String#toWellFormed` do. So a stray half of an emoji shows as
 * "�" in a page, a feed or an Open311 answer alike, instead of vanishing in one and
 * breaking another.
 */

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any surrogate at all: a quick test, so text without one (nearly all) skips the lookbehind. */
const ANY_SURROGATE_RE = /[\uD800-\uDFFF]/;

/** The text with every lone surrogate replaced by U+FFFD. */
export const wellFormed = (text: string): string =>
  ANY_SURROGATE_RE.test(text) ? text.replace(LONE_SURROGATE_RE, '\uFFFD') : text;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML content and quoted attribute values; null and undefined are empty. */
export function escapeHtml(value: unknown): string {
  return wellFormed(String(value ?? '')).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Characters XML 1.0 cannot carry at all (its `Char` production): C0 controls other
 * than tab, LF and CR, and the noncharacters U+FFFE and U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const XML_FORBIDDEN_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** The text as XML 1.0 can carry it: forbidden characters dropped, lone surrogates replaced. */
export const xmlChars = (text: string): string => wellFormed(text).replace(XML_FORBIDDEN_RE, '');

/** Text safe in XML content and attribute values. */
export function escapeXml(text: string): string {
  return xmlChars(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}
