/**
 * `npm run bench:search`: how well and how fast search finds procedures.
 *
 * 1. Relevance on the demo catalogue: the citizen queries in
 *    tests/fixtures/search-queries.yaml (written without looking at the
 *    catalogue's keywords), top-1 / top-3 / top-10 hit rates, every miss listed.
 *    Targets: top-3 ≥ 95 %, top-10 100 %.
 * 2. Speed and size on the synthetic 5,000-procedure catalogue of bench:build,
 *    with Pagefind measured on the same build in the same run:
 *    bytes (gzip) and requests for a first query, query latency in the browser
 *    and in the Worker (p50, p95), and the build-time cost of indexing.
 *    Targets: first query ≤ 100 KB gzip and ≤ 3 requests beyond the page,
 *    browser p95 ≤ 10 ms.
 *
 *   npm run bench:search                      both parts
 *   npm run bench:search -- --relevance-only  part 1 only (seconds)
 *   npm run bench:search -- --size 2000       another catalogue size for part 2
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { indexCatalogue } from '../src/domain/catalogue-index.ts';
import { searchEngineFor } from '../src/domain/search/for-catalogue.ts';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { isolatedProject } from './lib/isolated-project.ts';
import { evaluate, loadQueries } from './lib/relevance.ts';
import { startServer } from './lib/server.ts';
import { writeSyntheticCatalogue } from './lib/synthetic.ts';

const { values } = parseArgs({
  options: {
    'relevance-only': { type: 'boolean' },
    size: { type: 'string', default: '5000' },
    queries: { type: 'string', default: 'tests/fixtures/search-queries.yaml' },
  },
});

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// ── 1. Relevance ─────────────────────────────────────────────────────────────
{
  const catalogue = await loadCatalogue(resolve('content'));
  const engine = searchEngineFor(indexCatalogue(catalogue));
  const queries = loadQueries(values.queries ?? 'tests/fixtures/search-queries.yaml');
  const report = evaluate(engine, queries);
  const title = (code: string) => catalogue.procedures.find((p) => p.code === code)?.title ?? code;
  console.log(
    `\nbench:search — relevance on the demo catalogue (${catalogue.procedures.length} procedures), ${new Date().toISOString()}`,
  );
  console.log(`queries: ${report.total} (${values.queries})`);
  console.log(`top-1:  ${pct(report.top1, report.total)}  (${report.top1})`);
  console.log(
    `top-3:  ${pct(report.top3, report.total)}  (${report.top3})   target ≥ 95 %: ${report.top3 / report.total >= 0.95 ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `top-10: ${pct(report.top10, report.total)}  (${report.top10})   target 100 %: ${report.top10 === report.total ? 'PASS' : 'FAIL'}`,
  );
  console.log('by kind (top-3):');
  for (const [kind, v] of report.byKind) console.log(`  ${kind.padEnd(14)} ${v.top3}/${v.total}`);
  console.log(`misses outside the top 3 (${report.misses.length}):`);
  for (const m of report.misses) {
    console.log(
      `  ${JSON.stringify(m.query.q)} → want ${m.query.expect.join('|')} (${title(m.query.expect[0] ?? '')}), rank ${m.rank ?? 'none'}; top 3: ${m.got.join(', ') || '(none)'}`,
    );
  }
}

if (values['relevance-only']) process.exit(0);

// ── 2. Speed and size on a synthetic catalogue ───────────────────────────────
const size = Number(values.size ?? 5000);
const project = isolatedProject(process.cwd(), null);
writeSyntheticCatalogue(project.contentDir, size);

console.log(`\nbench:search — speed and size on a synthetic catalogue of ${size} procedures`);
const synthetic = await loadCatalogue(project.contentDir);
let started = performance.now();
const syntheticEngine = searchEngineFor(indexCatalogue(synthetic));
const indexMs = performance.now() - started;

// Queries built from the synthetic vocabulary, some with a typo, some without diacritics.
const sampleTitles = synthetic.procedures
  .filter((_, i) => i % Math.floor(size / 60) === 0)
  .slice(0, 60);
const queries = sampleTitles.flatMap((p, i) => {
  const words = p.title
    .replace(/\(.*\)/, '')
    .trim()
    .split(' ');
  const short = words.slice(0, 3).join(' ');
  return i % 3 === 0 ? [short, short.normalize('NFD').replace(/\p{M}/gu, '')] : [short];
});

const engineTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const q of queries) {
    started = performance.now();
    syntheticEngine.find(q, { limit: 20 });
    engineTimes.push(performance.now() - started);
  }
}

const build = await project.build();
if (build.code !== 0) throw new Error(`synthetic build failed:\n${build.output.slice(-2000)}`);
started = performance.now();
execFileSync(resolve('node_modules/.bin/pagefind'), ['--site', 'dist/client', '--silent'], {
  cwd: project.root,
});
const pagefindIndexMs = performance.now() - started;

const server = await startServer({ root: project.root });
const browser = await launchBrowser();

interface FirstQuery {
  requests: number;
  bytesGz: number;
  detail: string[];
}

async function recordFirstQuery(page: Page, run: () => Promise<unknown>): Promise<FirstQuery> {
  const seen: Promise<{ url: string; gz: number }>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    seen.push(
      response
        .body()
        .then((body) => ({ url: response.url(), gz: gzipSync(body, { level: 6 }).length }))
        .catch(() => ({ url: response.url(), gz: 0 })),
    );
  };
  page.on('response', onResponse);
  await run();
  page.off('response', onResponse);
  const all = await Promise.all(seen);
  return {
    requests: all.length,
    bytesGz: all.reduce((n, r) => n + r.gz, 0),
    detail: all.map((r) => `${new URL(r.url).pathname} ${kb(r.gz)}`),
  };
}

// Ours: the page's instant search asks the Worker for a results fragment.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${server.baseURL}/`, { waitUntil: 'networkidle' });
const ourFirst = await recordFirstQuery(page, async () => {
  await page.fill('#q', queries[0] ?? 'cap giay');
  await page.waitForFunction(
    () => document.querySelector('#ket-qua .result-count')?.textContent,
    null,
    {
      timeout: 10_000,
    },
  );
});
const ourTimes: number[] = await page.evaluate(async (qs) => {
  const times: number[] = [];
  const region = document.getElementById('ket-qua');
  for (let round = 0; round < 3; round++) {
    for (const q of qs) {
      const t0 = performance.now();
      // no-store: measure the Worker's work, not the browser cache (a typed query changes each keystroke).
      const res = await fetch(`/tim-kiem?q=${encodeURIComponent(q)}&khung=1`, {
        cache: 'no-store',
      });
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      region?.replaceChildren(...Array.from(doc.getElementById('ket-qua')?.childNodes ?? []));
      times.push(performance.now() - t0);
    }
  }
  return times;
}, queries);

// Pagefind on the same pages.
const pfPage = await context.newPage();
await pfPage.goto(`${server.baseURL}/thu-tuc/`, { waitUntil: 'networkidle' });
const pfFirst = await recordFirstQuery(pfPage, () =>
  pfPage.evaluate(async (q) => {
    // A URL only the browser can resolve: keep it out of TypeScript's module resolution.
    const url = '/pagefind/pagefind.js';
    const pagefind = await import(/* @vite-ignore */ url);
    await pagefind.init();
    const search = await pagefind.search(q);
    await Promise.all(
      search.results.slice(0, 10).map((r: { data: () => Promise<unknown> }) => r.data()),
    );
  }, queries[0] ?? 'cap giay'),
);
const pfTimes: number[] = await pfPage.evaluate(async (qs) => {
  const url = '/pagefind/pagefind.js';
  const pagefind = await import(/* @vite-ignore */ url);
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of qs) {
      const t0 = performance.now();
      const search = await pagefind.search(q);
      await Promise.all(
        search.results.slice(0, 10).map((r: { data: () => Promise<unknown> }) => r.data()),
      );
      times.push(performance.now() - t0);
    }
  }
  return times;
}, queries);

// The Worker, over HTTP on loopback (workerd's timers do not advance inside a request).
const workerTimes: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const q of queries) {
    started = performance.now();
    const res = await fetch(`${server.baseURL}/api/procedures?q=${encodeURIComponent(q)}&limit=10`);
    await res.arrayBuffer();
    workerTimes.push(performance.now() - started);
  }
}

await browser.close();
await server.stop();
project.dispose();

const line = (label: string, a: string, b: string, ratio: string) =>
  console.log(`${label.padEnd(44)}${a.padStart(14)}${b.padStart(14)}${ratio.padStart(10)}`);
console.log(`queries timed: ${queries.length} × 3 rounds (engine: × 5)\n`);
line('', 'Một Cửa', 'Pagefind', 'ratio');
line(
  'first query: requests beyond the page',
  String(ourFirst.requests),
  String(pfFirst.requests),
  (ourFirst.requests / pfFirst.requests).toFixed(2),
);
line(
  'first query: bytes (gzip)',
  kb(ourFirst.bytesGz),
  kb(pfFirst.bytesGz),
  (ourFirst.bytesGz / pfFirst.bytesGz).toFixed(3),
);
line(
  'browser latency p50',
  ms(quantile(ourTimes, 0.5)),
  ms(quantile(pfTimes, 0.5)),
  (quantile(ourTimes, 0.5) / quantile(pfTimes, 0.5)).toFixed(2),
);
line(
  'browser latency p95',
  ms(quantile(ourTimes, 0.95)),
  ms(quantile(pfTimes, 0.95)),
  (quantile(ourTimes, 0.95) / quantile(pfTimes, 0.95)).toFixed(2),
);
line(
  'build-time indexing',
  ms(indexMs),
  ms(pagefindIndexMs),
  (indexMs / pagefindIndexMs).toFixed(2),
);
console.log(
  `\nWorker /api/procedures?q= over loopback HTTP: p50 ${ms(quantile(workerTimes, 0.5))}, p95 ${ms(quantile(workerTimes, 0.95))}`,
);
console.log(
  `engine alone (Node, same index, best 20 ranked as the page does): p50 ${ms(quantile(engineTimes, 0.5))}, p95 ${ms(quantile(engineTimes, 0.95))}`,
);
console.log(
  `Our index is built when the Worker starts (${ms(indexMs)} here); Pagefind's is built once after the site build.`,
);
console.log(`first query, Một Cửa: ${ourFirst.detail.join('; ')}`);
console.log(`first query, Pagefind: ${pfFirst.detail.join('; ')}`);
console.log(
  `targets: first query ≤ 100 KB gzip and ≤ 3 requests: ${ourFirst.bytesGz <= 100 * 1024 && ourFirst.requests <= 3 ? 'PASS' : 'FAIL'}; browser p95 ≤ 10 ms: ${quantile(ourTimes, 0.95) <= 10 ? 'PASS' : 'FAIL'} (loopback; a real network adds one round trip per query)`,
);
