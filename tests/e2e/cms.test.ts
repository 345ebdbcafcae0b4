import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { readContentSource } from '../../src/catalogue/read.ts';
import { buildCatalogue } from '../../src/catalogue/validate.ts';
import { cmsConfig } from '../../src/domain/cms/config.ts';
import { ADMIN_COOP, adminContentSecurityPolicy } from '../../src/domain/cms/csp.ts';
import { launchBrowser } from './browser.ts';

/**
 * The editor at /admin in Chromium, under the Content-Security-Policy src/domain/cms/csp.ts
 * asks for (applied here by the test until the site's headers carry it): it loads from
 * this site only, accepts its generated configuration, speaks Vietnamese, and, working on
 * a local copy of the repository (the way `npm run dev` editors use it), writes a
 * procedure file that the content checks accept.
 */

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Every text file of content/, by path from the repository root. */
function contentFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync('content', { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(md|ya?ml)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = readFileSync(path, 'utf8');
  }
  return files;
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** Console messages that are CSP violations or errors of the editor itself. */
  problems: string[];
  /** Requests to other origins. */
  external: string[];
  /** Fonts the page loaded, by URL. */
  fonts: string[];
}

/**
 * A browser in English (the editor must still start in Vietnamese) with the /admin
 * headers applied, and a folder picker that hands the editor a copy of the repository in
 * the browser's private file system (Chromium's picker cannot be driven by a test).
 */
async function session(): Promise<Session> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  // The served /admin headers are the CMS's own policy (dist/client/_headers), not the site's.
  const served = await fetch(`${baseURL}/admin/`);
  expect(served.headers.get('content-security-policy')).toBe(adminContentSecurityPolicy());
  expect(served.headers.get('cross-origin-opener-policy')).toBe(ADMIN_COOP);
  await context.addInitScript((files: Record<string, string>) => {
    const w = window as unknown as { showDirectoryPicker: () => Promise<unknown> };
    w.showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      await root.getDirectoryHandle('.git', { create: true });
      for (const [path, text] of Object.entries(files)) {
        const parts = path.split('/');
        let dir = root;
        for (const part of parts.slice(0, -1)) {
          dir = await dir.getDirectoryHandle(part, { create: true });
        }
        const handle = await dir.getFileHandle(parts.at(-1) as string, { create: true });
        const writable = await handle.createWritable();
        await writable.write(text);
        await writable.close();
      }
      return root;
    };
  }, contentFiles());
  const page = await context.newPage();
  const problems: string[] = [];
  const external: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Errors found in configuration/.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const fonts: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseURL) && !/^(data|blob):/.test(url)) external.push(url);
    if (request.resourceType() === 'font') fonts.push(url);
  });
  return { context, page, problems, external, fonts };
}

describe('/admin', () => {
  test('serves the configuration generated from the schemas and the content', async () => {
    const served = parse(await fetch(`${baseURL}/admin/config.yml`).then((r) => r.text()));
    const source = await readContentSource('content');
    const catalogue = buildCatalogue(source);
    expect(served).toEqual(cmsConfig(catalogue.site, catalogue.fields));
    const bundle = await fetch(`${baseURL}/admin/sveltia-cms.js`);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
  });

  test('starts in Vietnamese with a valid configuration and no CSP violation', async () => {
    const { context, page, problems, external, fonts } = await session();
    try {
      await page.goto(`${baseURL}/admin/`);
      const local = page.getByRole('button', { name: 'Làm việc với kho mã nguồn cục bộ' });
      await local.waitFor({ timeout: 20_000 });
      await page.getByText('Đăng nhập bằng mã truy cập').waitFor();
      // Not configured on this site: the notice says so, and can be closed.
      const notice = page.locator('#chua-cau-hinh');
      expect(await notice.textContent()).toContain('chưa được cấu hình');
      await page.getByRole('button', { name: 'Đóng' }).click();
      expect(await notice.count()).toBe(0);
      expect(problems).toEqual([]);
      // Nothing but GitHub's status page from elsewhere: no code, no translations, no fonts.
      for (const url of external) expect(url).toMatch(/^https:\/\/www\.githubstatus\.com\//);
      // The text and icon fonts come from this site (src/domain/cms/fonts.ts).
      const loaded = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts]
          .filter((font) => font.status === 'loaded')
          .map((font) => font.family.replace(/["']/g, ''));
      });
      expect(loaded).toContain('Material Symbols Outlined');
      expect(fonts.length).toBeGreaterThan(0);
      for (const url of fonts) expect(url).toMatch(new RegExp(`^${baseURL}/admin/fonts/`));
      const icons = await fetch(`${baseURL}/admin/fonts/material-symbols-outlined.woff2`);
      expect(icons.status).toBe(200);
      expect(icons.headers.get('content-type')).toBe('font/woff2');
    } finally {
      await context.close();
    }
  }, 60_000);

  test('editing a procedure on a local copy writes a file the content checks accept', async () => {
    const { context, page, problems } = await session();
    try {
      await page.goto(`${baseURL}/admin/`);
      await page.getByRole('button', { name: 'Làm việc với kho mã nguồn cục bộ' }).click();
      const entry = page.getByText('1.001193 · Đăng ký khai sinh');
      await entry.waitFor({ timeout: 30_000 });
      await entry.click();
      const summary = page.locator('[data-key-path="summary"] textarea');
      await summary.waitFor();
      const changed = 'Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam (sửa trên web).';
      await summary.fill(changed);
      // The field is offered by name, with the current value selected.
      const field = page.locator('[data-key-path="field"]');
      expect(await field.textContent()).toContain('Hộ tịch (ho-tich)');
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      const rel = 'procedures/dang-ky-khai-sinh.md';
      let text = '';
      await expect
        .poll(
          async () => {
            text = await page.evaluate(async (path) => {
              let dir = await navigator.storage.getDirectory();
              const parts = path.split('/');
              for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
              const handle = await dir.getFileHandle(parts.at(-1) as string);
              return (await handle.getFile()).text();
            }, `content/${rel}`);
            return text.includes(changed);
          },
          { timeout: 15_000 },
        )
        .toBe(true);
      const source = await readContentSource('content');
      const catalogue = buildCatalogue({
        ...source,
        files: source.files.map((f) => (f.rel === rel ? { ...f, text } : f)),
      });
      const saved = catalogue.procedures.find((p) => p.slug === 'dang-ky-khai-sinh');
      const original = buildCatalogue(source).procedures.find(
        (p) => p.slug === 'dang-ky-khai-sinh',
      );
      expect(saved?.summary).toBe(changed);
      // Everything else reads back as it was. The editor writes `false` for an unticked box
      // (`past` of the online form, `exempt` of a fee), which means the same as leaving it out.
      const same = (p: typeof saved) =>
        JSON.parse(JSON.stringify({ ...p, summary: '', body: p?.body.trim() }), (key, value) =>
          (key === 'past' || key === 'exempt') && value === false ? undefined : value,
        );
      expect(same(saved)).toEqual(same(original));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
