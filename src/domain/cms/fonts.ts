/**
 * The editor's fonts, served from this site. The Sveltia CMS bundle declares three
 * `@font-face` rules whose files sit on cdn.jsdelivr.net (Fontsource's CDN): its text font,
 * its monospace font and its icon font. The icon font (Material Symbols) draws every icon
 * from a ligature ("arrow_back"), so a system font cannot stand in for it. The same files
 * ship in Fontsource's npm packages (devDependencies): the build serves them at
 * /admin/fonts/ (src/pages/admin/fonts/[file].ts) and rewrites the URLs in the copied
 * bundle (src/pages/admin/sveltia-cms.js.ts), so the /admin policy needs no other origin.
 */

/** Where the fonts are served. */
export const ADMIN_FONTS_PATH = '/admin/fonts/';

/**
 * Each font the bundle asks for, by its Fontsource name in the CDN URL, with the file it
 * gets on this site. The files themselves are imported in src/pages/admin/fonts/[file].ts.
 */
export const ADMIN_FONTS = {
  'source-sans-3': 'source-sans-3.woff2',
  'noto-mono': 'noto-mono.woff2',
  'material-symbols-outlined': 'material-symbols-outlined.woff2',
} as const;

export type AdminFont = keyof typeof ADMIN_FONTS;

/** A Fontsource CDN font URL as the bundle writes it, e.g. `…/source-sans-3:vf@5.3.0/latin-wght-normal.woff2`. */
const CDN_FONT_RE =
  /https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(?::vf)?@[0-9.]+\/latin-(?:wght|400)-normal\.woff2/g;

/**
 * The bundle with every font URL on this site. Throws (failing the build) when the bundle
 * names a font not in ADMIN_FONTS or keeps any other cdn.jsdelivr.net URL, as a new
 * Sveltia version might: better a clear build error than an editor without icons.
 */
export function withLocalFonts(bundle: string): string {
  const unknown = new Set<string>();
  const out = bundle.replace(CDN_FONT_RE, (url, name: string) => {
    const file = (ADMIN_FONTS as Record<string, string>)[name];
    if (!file) unknown.add(url);
    return file ? `${ADMIN_FONTS_PATH}${file}` : url;
  });
  const left = out.match(/https?:\/\/cdn\.jsdelivr\.net\/[^\s"'`)]*/g) ?? [];
  if (unknown.size > 0 || left.length > 0) {
    throw new Error(
      `Sveltia CMS loads files from cdn.jsdelivr.net that src/domain/cms/fonts.ts does not serve: ${[...new Set([...unknown, ...left])].join(', ')}`,
    );
  }
  return out;
}

/** The bytes of a data: URL in base64 (what Vite's `?inline` import gives for a font file). */
export function bytesOfDataUrl(url: string): Uint8Array<ArrayBuffer> {
  const match = /^data:[^;,]*;base64,(.*)$/s.exec(url);
  if (!match) throw new Error('not a base64 data: URL');
  return Uint8Array.from(atob(match[1] as string), (c) => c.charCodeAt(0));
}
