/**
 * The page at /admin and its small helper script. Everything the editor loads comes from
 * this site: the Sveltia CMS bundle is copied from node_modules at build time
 * (src/pages/admin/sveltia-cms.js.ts), and so is its Vietnamese translation, which the
 * bundle would otherwise fetch from unpkg.com.
 */

import { escapeHtml } from '../text/escape.ts';

/** Where the pieces of the editor are served. */
export const ADMIN_PATHS = {
  page: '/admin/',
  config: '/admin/config.yml',
  bundle: '/admin/sveltia-cms.js',
  helper: '/admin/tro-giup.js',
  locales: '/admin/locales/',
} as const;

/** The translations served from this site (the bundle has English built in). */
export const ADMIN_LOCALES = ['vi'] as const;

/** The notice shown while content/site.yaml has no `cms:` block. */
export const NOT_CONFIGURED_NOTICE =
  'Trình biên tập chưa được cấu hình: quản trị viên cần ghi kho GitHub vào khối cms: của content/site.yaml (xem docs/huong-dan-bien-tap.md, mục "Biên tập trên web"). Trên máy của mình (npm run dev), bạn vẫn có thể chọn "Làm việc với kho mã nguồn cục bộ" trong Chrome hoặc Edge.';

/** The notice sits at the bottom of the window, above the editor's own interface. */
const NOTICE_STYLE =
  '#chua-cau-hinh{position:fixed;inset:auto 0 0 0;z-index:2147483647;margin:0;padding:.75rem 1rem;background:#fff3cd;color:#3d2e00;border-top:2px solid #8a6d00;font:16px/1.4 system-ui,sans-serif}#dong-thong-bao{font:inherit;margin-left:.5rem;padding:.25rem .75rem}';

/**
 * The HTML of /admin: the configuration link, the helper, the bundle, and a notice
 * when the repository is not configured yet.
 */
export function adminPage(options: { siteName: string; configured: boolean }): string {
  const notice = options.configured
    ? ''
    : `<p id="chua-cau-hinh" role="alert">${escapeHtml(NOT_CONFIGURED_NOTICE)} <button type="button" id="dong-thong-bao">Đóng</button></p>\n`;
  const style = options.configured ? '' : `<style>${NOTICE_STYLE}</style>\n`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Biên tập — ${escapeHtml(options.siteName)}</title>
<link rel="cms-config-url" type="application/yaml" href="${ADMIN_PATHS.config}">
${style}</head>
<body>
${notice}<noscript>Trình biên tập cần bật JavaScript.</noscript>
<script src="${ADMIN_PATHS.helper}"></script>
<script src="${ADMIN_PATHS.bundle}"></script>
</body>
</html>
`;
}

/**
 * /admin/tro-giup.js, run before the bundle. The bundle fetches a few things from
 * unpkg.com: its translations (served from this site instead) and its latest version
 * number, for an "update available" notice that only applies when the bundle itself is
 * loaded from unpkg (answered "not found" without going out). It also starts the editor
 * in Vietnamese unless the editor has chosen another language in its settings, and lets
 * the "not configured" notice be closed.
 */
export const HELPER_SCRIPT = `// Một Cửa: chạy trước Sveltia CMS (src/domain/cms/page.ts).
(() => {
  const LOCALE = /^https:\\/\\/unpkg\\.com\\/@sveltia\\/cms@[^/]+\\/locales\\/(${ADMIN_LOCALES.join('|')})\\.json$/;
  const fetchOriginal = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const match = LOCALE.exec(url);
    if (match) return fetchOriginal('${ADMIN_PATHS.locales}' + match[1] + '.json', init);
    if (url.startsWith('https://unpkg.com/')) {
      return Promise.resolve(new Response('', { status: 404, statusText: 'Not Found' }));
    }
    return fetchOriginal(input, init);
  };
  // The "not configured" notice (only on a site without a cms: block) can be closed.
  document.getElementById('dong-thong-bao')?.addEventListener('click', () => {
    document.getElementById('chua-cau-hinh')?.remove();
  });
  try {
    const prefs = JSON.parse(localStorage.getItem('sveltia-cms.prefs') || '{}') || {};
    if (!prefs.locale || prefs.locale === 'auto') {
      localStorage.setItem('sveltia-cms.prefs', JSON.stringify({ ...prefs, locale: 'vi' }));
    }
  } catch {
    // Storage disabled: the editor follows the browser's language.
  }
})();
`;

/** The bundle without its source map comment (the map is not served). */
export const withoutSourceMap = (source: string): string =>
  source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
