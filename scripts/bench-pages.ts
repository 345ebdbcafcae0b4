/**
 * `npm run bench:pages`: what a first visit to each page type costs.
 *
 * Builds the site into a throw-away copy (scripts/lib/isolated-project.ts; the working
 * tree's dist/ is never read or written), serves it, loads each page type in
 * Debian Chromium with an empty cache, and prints the HTML, CSS and JS bytes
 * (raw and gzip, level 6 as at the edge) and the number of requests. The
 * target: a procedure page's HTML + CSS fits in 14 KB gzip (one TCP round trip)
 * and needs no JavaScript.
 */
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { builtCopy } from './lib/isolated-project.ts';
import { startServer } from './lib/server.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const TARGET = 14 * 1024;
const verdict = new Verdict('bench:pages');
const project = await builtCopy(process.cwd());
const server = await startServer({ root: project.root });
const browser = await launchBrowser();

interface Row {
  type: string;
  path: string;
  html: number;
  htmlGz: number;
  css: number;
  cssGz: number;
  js: number;
  jsGz: number;
  /** Gzip bytes of stylesheets fetched separately (0 while CSS is inlined). */
  cssExtGz: number;
  requests: number;
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 6 }).length;

async function measure(type: string, path: string): Promise<Row> {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const page = await context.newPage();
  const bodies: { type: string; body: Buffer }[] = [];
  page.on('response', async (response) => {
    try {
      bodies.push({ type: response.request().resourceType(), body: await response.body() });
    } catch {
      bodies.push({ type: response.request().resourceType(), body: Buffer.alloc(0) });
    }
  });
  await page.goto(`${server.baseURL}${path}`, { waitUntil: 'networkidle' });
  const inlineCss = await page.$$eval('style', (els) =>
    els.map((e) => e.textContent ?? '').join(''),
  );
  await context.close();
  const row: Row = {
    type,
    path,
    html: 0,
    htmlGz: 0,
    css: 0,
    cssGz: 0,
    js: 0,
    jsGz: 0,
    cssExtGz: 0,
    requests: bodies.length,
  };
  for (const { type: kind, body } of bodies) {
    if (kind === 'document') {
      row.html += body.length;
      row.htmlGz += gz(body);
    } else if (kind === 'stylesheet') {
      row.css += body.length;
      row.cssGz += gz(body);
      row.cssExtGz += gz(body);
    } else if (kind === 'script') {
      row.js += body.length;
      row.jsGz += gz(body);
    }
  }
  // Inline CSS travels inside the HTML; report it too so the split is visible.
  row.css += Buffer.byteLength(inlineCss);
  row.cssGz += gz(inlineCss);
  return row;
}

const list = (await (await fetch(`${server.baseURL}/api/procedures?limit=500`)).json()) as {
  items: { slug: string; url: string }[];
};
const procedurePaths = list.items.map((i) => i.url);
const first = list.items[0];
const agencies =
  (await (await fetch(`${server.baseURL}/sitemap.xml`)).text()).match(/\/co-quan\/[a-z0-9-]+\//g) ??
  [];
const fields =
  (await (await fetch(`${server.baseURL}/sitemap.xml`)).text()).match(
    /\/thu-tuc\/linh-vuc\/[a-z0-9-]+\//g,
  ) ?? [];

const rows: Row[] = [];
rows.push(await measure('trang chủ', '/'));
rows.push(await measure('danh mục', '/thu-tuc/'));
if (fields[0]) rows.push(await measure('lĩnh vực', fields[0]));
rows.push(await measure('trực tuyến', '/thu-tuc/truc-tuyen/'));
rows.push(await measure('cơ quan (danh sách)', '/co-quan/'));
if (agencies[0]) rows.push(await measure('cơ quan', agencies[0]));
rows.push(await measure('khả năng tiếp cận', '/tuyen-bo-tiep-can/'));
rows.push(await measure('404', '/khong-co/'));

// Every procedure page: report the median and the heaviest.
const procedures: Row[] = [];
for (const path of procedurePaths) procedures.push(await measure('thủ tục', path));
procedures.sort((a, b) => a.htmlGz + a.cssExtGz - (b.htmlGz + b.cssExtGz));
const median = procedures[Math.floor(procedures.length / 2)];
const heaviest = procedures.at(-1);
if (median) rows.push({ ...median, type: 'thủ tục (trung vị)' });
if (heaviest) rows.push({ ...heaviest, type: 'thủ tục (nặng nhất)' });

await browser.close();
await server.stop();
project.dispose();

const kb = (n: number) => (n / 1024).toFixed(1);
console.log(`\nbench:pages — first load, empty cache, ${new Date().toISOString()}, ${loadLine()}`);
console.log(
  'CSS is inlined in the HTML; its share is shown separately (already counted in HTML).\n',
);
console.log(
  [
    'page type'.padEnd(22),
    'HTML KB',
    'HTML gz',
    'CSS KB',
    'CSS gz',
    'JS KB',
    'JS gz',
    'requests',
    'path',
  ].join('\t'),
);
for (const r of rows) {
  console.log(
    [
      r.type.padEnd(22),
      kb(r.html),
      kb(r.htmlGz),
      kb(r.css),
      kb(r.cssGz),
      kb(r.js),
      kb(r.jsGz),
      r.requests,
      r.path,
    ].join('\t'),
  );
}
const worst = heaviest ? heaviest.htmlGz + heaviest.cssExtGz : 0;
console.log(`\nprocedure pages: ${procedures.length}${first ? ` (sample: ${first.url})` : ''}`);
verdict.check(
  'heaviest procedure page first load (HTML incl. inline CSS + external CSS, gzip) ≤ 14.0 KB',
  procedures.length > 0 && worst <= TARGET,
  `${kb(worst)} KB${heaviest ? ` (${heaviest.path})` : ''}`,
);
const withJs = procedures.filter((p) => p.js > 0);
verdict.check(
  'no JavaScript on procedure pages',
  withJs.length === 0,
  withJs.length === 0 ? 'none' : `${withJs.length} pages load JS, e.g. ${withJs[0]?.path}`,
);
verdict.finish();
