import materialSymbols from '@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2?inline';
import sourceSans from '@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2?inline';
import notoMono from '@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2?inline';
import type { APIRoute, GetStaticPaths } from 'astro';
import { ADMIN_FONTS, type AdminFont, bytesOfDataUrl } from '../../../domain/cms/fonts.ts';

/**
 * /admin/fonts/<file>: the editor's fonts, copied from the Fontsource packages at build
 * time (the same files Sveltia CMS would fetch from cdn.jsdelivr.net; see
 * src/domain/cms/fonts.ts).
 */
export const prerender = true;

const SOURCES: Record<AdminFont, string> = {
  'source-sans-3': sourceSans,
  'noto-mono': notoMono,
  'material-symbols-outlined': materialSymbols,
};

export const getStaticPaths = (() =>
  (Object.keys(ADMIN_FONTS) as AdminFont[]).map((font) => ({
    params: { file: ADMIN_FONTS[font] },
    props: { font },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ font: AdminFont }> = ({ props }) =>
  new Response(bytesOfDataUrl(SOURCES[props.font]), {
    headers: { 'content-type': 'font/woff2' },
  });
