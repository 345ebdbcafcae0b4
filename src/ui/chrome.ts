import { localityPlace } from '../domain/commune.ts';
import { routes } from '../domain/routes.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Site } from '../schemas/site.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * The page chrome (skip link, header, breadcrumbs, footer) shared by the
 * prerendered Astro pages and the pages the Worker renders, so both look and
 * behave the same.
 */
export interface ChromeContext {
  site: Site;
  desk: Agency;
  /** Inline SVG markup of the logo (trusted: it comes from content/media). */
  logoSvg?: string | undefined;
}

/** The logo as a data-URI favicon: browsers then make no /favicon.ico request. */
export function faviconHref(ctx: ChromeContext): string {
  return ctx.logoSvg ? `data:image/svg+xml,${encodeURIComponent(ctx.logoSvg)}` : 'data:,';
}

export type NavKey = 'home' | 'catalogue' | 'agencies' | 'lookup' | 'search';

const NAV: { key: NavKey; href: string; label: string }[] = [
  { key: 'catalogue', href: routes.catalogue(), label: 'Thủ tục' },
  { key: 'agencies', href: routes.agencies(), label: 'Cơ quan' },
  { key: 'search', href: routes.search(), label: 'Tìm kiếm' },
  { key: 'lookup', href: routes.lookup(), label: 'Tra cứu hồ sơ' },
];

export function renderHeader(ctx: ChromeContext, current?: NavKey): SafeHtml {
  return html`<a class="skip" href="#main">Bỏ qua, đến nội dung chính</a>
<header class="site-header"><div class="wrap">
<a class="brand" href="/">${ctx.logoSvg ? raw(ctx.logoSvg) : ''}<span>${ctx.site.name}</span></a>
<nav aria-label="Điều hướng chính"><ul>${NAV.map(
    (item) =>
      html`<li><a href="${item.href}"${item.key === current ? raw(' aria-current="page"') : ''}>${item.label}</a></li>`,
  )}</ul></nav>
</div></header>${
    ctx.site.locality.historical
      ? html`<p class="historical-notice" role="note"><strong>Bản lưu trữ.</strong> ${localityPlace(ctx.site.locality)} là đơn vị hành chính trước ngày 01/07/2025; nội dung giữ như đã áp dụng khi đó, không còn là quy định hiện hành.</p>`
      : ''
  }`;
}

export interface Crumb {
  label: string;
  href?: string;
}

export function renderBreadcrumbs(crumbs: readonly Crumb[]): SafeHtml {
  if (crumbs.length === 0) return html``;
  return html`<nav class="crumbs" aria-label="Đường dẫn"><ol>${crumbs.map((c) =>
    c.href
      ? html`<li><a href="${c.href}">${c.label}</a></li>`
      : html`<li aria-current="page">${c.label}</li>`,
  )}</ol></nav>`;
}

export function renderFooter(ctx: ChromeContext): SafeHtml {
  const { site, desk } = ctx;
  return html`<footer class="site-footer"><div class="wrap">
<section aria-labelledby="footer-desk"><h2 id="footer-desk">${desk.name}</h2>
<p>${desk.address}</p>
${desk.hours.length > 0 ? html`<ul class="hours">${desk.hours.map((h) => html`<li><strong>${h.days}:</strong> ${h.hours}</li>`)}</ul>` : ''}
<p>Đường dây nóng: <a href="tel:${site.hotline.replace(/\s+/g, '')}">${site.hotline}</a>${desk.phone ? html` · Điện thoại: <a href="tel:${desk.phone.replace(/\s+/g, '')}">${desk.phone}</a>` : ''}</p>
</section>
<ul class="footer-links">
<li><a href="${routes.about()}">Giới thiệu</a></li>
<li><a href="${routes.accessibility()}">Tuyên bố về khả năng tiếp cận</a></li>
<li><a href="${routes.agencies()}">Danh sách cơ quan</a></li>
<li><a href="${routes.stats()}">Thống kê giải quyết hồ sơ</a></li>
<li><a href="/du-lieu-mo/">Dữ liệu mở</a></li>
</ul>
<p class="small">${localityPlace(site.locality)}.</p>
</div></footer>`;
}

export interface PageOptions {
  title: string;
  description?: string;
  main: SafeHtml;
  crumbs?: Crumb[];
  current?: NavKey;
  /** Adds "Lỗi: " to the title, as GOV.UK does, when a form comes back with errors. */
  hasErrors?: boolean;
  /** Inline stylesheet (the same CSS the Astro pages inline). */
  css: string;
  /** Extra head markup, e.g. a noindex robots tag. */
  head?: SafeHtml;
  /** External scripts (same origin), loaded with defer. */
  scripts?: string[];
  /** A class on <body>, e.g. for the receipt's print layout. */
  bodyClass?: string;
  /** Without site navigation and footer: the kiosk tablet at the desk. */
  bare?: boolean;
  /**
   * A section's own navigation (the back office's), just above `main`, so that a form
   * page's error summary stays first in `main` and the skip link passes over it.
   */
  sectionNav?: SafeHtml;
}

/** A whole HTML document for pages the Worker renders. */
export function renderPage(ctx: ChromeContext, options: PageOptions): string {
  const title = `${options.hasErrors ? 'Lỗi: ' : ''}${options.title} – ${ctx.site.name}`;
  return `<!DOCTYPE html>${html`<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${faviconHref(ctx)}">
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<style>${raw(options.css)}</style>
${options.head ?? ''}
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head><body${options.bodyClass ? html` class="${options.bodyClass}"` : ''}>
${options.bare ? html`<header class="site-header"><div class="wrap"><span class="brand">${ctx.logoSvg ? raw(ctx.logoSvg) : ''}<span>${ctx.site.name}</span></span></div></header>` : renderHeader(ctx, options.current)}
<div class="wrap">${options.bare ? '' : renderBreadcrumbs(options.crumbs ?? [])}${options.sectionNav ?? ''}
<main id="main" tabindex="-1">${options.main}</main></div>
${options.bare ? '' : renderFooter(ctx)}
</body></html>`}`;
}
