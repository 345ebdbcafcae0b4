/**
 * The security headers /admin needs, for src/domain/security (which owns the headers of
 * every other path) to apply to `/admin/*`. The editor (Sveltia CMS, served from this site)
 * differs from the rest of the site as follows. Seen in Chromium (tests/e2e/cms.test.ts
 * runs the editor under this policy without a single violation):
 * - it styles itself with `<style>` elements it writes at run time: `style-src
 *   'unsafe-inline'` (scripts stay `'self'` only: no inline script, no eval);
 * - it fetches its logo as a `data:` URL and shows it (`connect-src`, `img-src data:`),
 *   asks GitHub's status page whether GitHub is down (`connect-src
 *   https://www.githubstatus.com`). Its text and icon fonts, which the bundle would load
 *   from cdn.jsdelivr.net, are served from this site (src/domain/cms/fonts.ts).
 * From Sveltia's code, for working on GitHub (not reachable from the tests): the GitHub
 * API (`connect-src https://api.github.com`) and the editor's avatar (`img-src
 * https://avatars.githubusercontent.com`); signing in with GitHub (when `cms.authUrl` is
 * set) opens a window on the OAuth service that reports back through `window.opener`,
 * hence Cross-Origin-Opener-Policy `same-origin-allow-popups` instead of `same-origin`.
 * `blob:` (previews of uploaded files, workers) is allowed as a precaution.
 */

/** Directives of the /admin Content-Security-Policy, in order. */
export const ADMIN_CSP_DIRECTIVES: readonly (readonly [string, readonly string[]])[] = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:', 'blob:', 'https://avatars.githubusercontent.com']],
  ['font-src', ["'self'", 'data:']],
  [
    'connect-src',
    ["'self'", 'data:', 'blob:', 'https://api.github.com', 'https://www.githubstatus.com'],
  ],
  ['worker-src', ["'self'", 'blob:']],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'none'"]],
];

/** The Content-Security-Policy value for /admin/*. */
export function adminContentSecurityPolicy(): string {
  return ADMIN_CSP_DIRECTIVES.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Cross-Origin-Opener-Policy for /admin/*: the GitHub sign-in window must reach back. */
export const ADMIN_COOP = 'same-origin-allow-popups';

/**
 * The rule for dist/client/_headers. `! Name` detaches the header the `/*` rule set, so
 * the two policies are not both sent (two CSP headers would both be enforced).
 */
export function adminHeadersRule(): string {
  return [
    '/admin/*',
    '  ! Content-Security-Policy',
    '  ! Cross-Origin-Opener-Policy',
    `  Content-Security-Policy: ${adminContentSecurityPolicy()}`,
    `  Cross-Origin-Opener-Policy: ${ADMIN_COOP}`,
    '',
  ].join('\n');
}
