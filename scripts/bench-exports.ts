/**
 * `npm run bench:exports [-- --size 10000]`: the open-data exports of a synthetic catalogue
 * of N procedures (scripts/lib/synthetic.ts), made by the same pure functions the pages
 * call (no Astro build: every export is a function of the catalogue). Prints each file's
 * size, the number of parts and the SHACL validation time; checks that every file is under
 * the 25 MiB Workers asset limit, that the CPSV-AP index and every part validate on their
 * own against the official CPSV-AP 3.2 shapes, that every procedure is the service of
 * exactly one part, and that the sitemap is within the protocol's limits. Exits 1 on a miss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { WORKERS_ASSET_LIMIT } from '../src/build/asset-limit.ts';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { indexCatalogue } from '../src/domain/catalogue-index.ts';
import { CPSV_AP_PATH, cpsvApPartPath, cpsvApParts } from '../src/domain/interop/cpsv-ap.ts';
import { archiveFeed, feedYears, subscriptionFeed } from '../src/domain/open-data/atom.ts';
import {
  catalogueCsv,
  catalogueCsvIndex,
  catalogueJson,
  catalogueJsonIndex,
} from '../src/domain/open-data/catalogue-files.ts';
import { catalogueChanges } from '../src/domain/open-data/changes.ts';
import { PROCEDURE_COLUMNS } from '../src/domain/open-data/columns.ts';
import { openDataLicence } from '../src/domain/open-data/licence.ts';
import { catalogueParts } from '../src/domain/open-data/parts.ts';
import {
  feedArchivePath,
  openDataPartPaths,
  openDataPaths,
} from '../src/domain/open-data/paths.ts';
import {
  renderSitemap,
  SITEMAP_MAX_BYTES,
  SITEMAP_MAX_URLS,
  sitemapEntries,
} from '../src/domain/open-data/sitemap.ts';
import { describeFindings, shaclValidator, toDataset } from './lib/cpsv-ap-shacl.ts';
import { writeSyntheticCatalogue } from './lib/synthetic.ts';
import { loadLine, Verdict } from './lib/verdict.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' } } });
const size = Number(values.size ?? 10000);

const verdict = new Verdict('bench:exports');
console.log(`bench:exports — ${new Date().toISOString()}, Node ${process.version}, ${loadLine()}`);

const dir = mkdtempSync(join(tmpdir(), 'mot-cua-exports-'));
try {
  let started = performance.now();
  writeSyntheticCatalogue(dir, size);
  const catalogue = await loadCatalogue(dir);
  console.log(
    `synthetic catalogue: ${catalogue.procedures.length} procedures, ${catalogue.fields.length} fields, ${catalogue.agencies.length} agencies, written and loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  started = performance.now();
  const index = indexCatalogue(catalogue);
  const absoluteUrl = (path: string) => new URL(path, catalogue.site.url).toString();
  const ctx = { index, absoluteUrl };
  const licence = openDataLicence(catalogue.site);
  const meta = { generated: new Date().toISOString(), licence };
  const parts = catalogueParts(catalogue.procedures, catalogue.fields);
  const cpsv = cpsvApParts(catalogue, parts, { licence: licence.url });
  const changes = catalogueChanges(catalogue.procedures);
  const feedOptions = {
    siteName: catalogue.site.name,
    localityName: catalogue.site.locality.name,
    absoluteUrl,
    licence,
    fallbackUpdated: meta.generated,
  };

  /** Every file the build would write for the exports: path and text. */
  const files: { path: string; text: string; cpsvPart?: string }[] = [
    { path: CPSV_AP_PATH, text: JSON.stringify(cpsv.index()) },
    { path: openDataPaths.json, text: `${JSON.stringify(catalogueJsonIndex(parts, ctx, meta))}\n` },
    { path: openDataPaths.csv, text: catalogueCsvIndex(parts, ctx) },
    { path: openDataPaths.feed, text: subscriptionFeed(changes, feedOptions) },
    ...feedYears(changes).map((year) => ({
      path: feedArchivePath(year),
      text: archiveFeed(changes, year, feedOptions),
    })),
    { path: openDataPaths.sitemap, text: renderSitemap(sitemapEntries(index), absoluteUrl) },
  ];
  for (const part of parts) {
    files.push({
      path: cpsvApPartPath(part.slug),
      text: JSON.stringify(cpsv.part(part.slug)),
      cpsvPart: part.slug,
    });
    files.push({
      path: openDataPartPaths.json(part.slug),
      text: `${JSON.stringify(catalogueJson(part.procedures, ctx, meta, PROCEDURE_COLUMNS, part))}\n`,
    });
    files.push({
      path: openDataPartPaths.csv(part.slug),
      text: catalogueCsv(part.procedures, ctx),
    });
  }
  console.log(
    `exports made in ${((performance.now() - started) / 1000).toFixed(1)} s: ${parts.length} parts (${files.length} files)\n`,
  );

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  console.log('file\tMiB\tgzip MiB');
  let largest = { path: '', bytes: 0 };
  for (const f of files) {
    const bytes = Buffer.byteLength(f.text);
    if (bytes > largest.bytes) largest = { path: f.path, bytes };
    console.log(`${f.path}\t${mb(bytes)}\t${mb(gzipSync(f.text).length)}`);
  }
  const over = files.filter((f) => Buffer.byteLength(f.text) > WORKERS_ASSET_LIMIT);
  verdict.check(
    `every export file ≤ 25 MiB (Workers asset limit)`,
    over.length === 0,
    `largest ${largest.path} ${mb(largest.bytes)} MiB${over.length ? `; over: ${over.map((f) => f.path).join(', ')}` : ''}`,
  );

  const sitemap = sitemapEntries(index).length;
  const sitemapBytes = Buffer.byteLength(
    files.find((f) => f.path === openDataPaths.sitemap)?.text ?? '',
  );
  verdict.check(
    'sitemap within the protocol (≤ 50,000 URLs, ≤ 50 MB)',
    sitemap <= SITEMAP_MAX_URLS && sitemapBytes <= SITEMAP_MAX_BYTES,
    `${sitemap} URLs, ${mb(sitemapBytes)} MiB`,
  );

  // Every procedure is the service of exactly one part, and the index links every part.
  const served = new Map<string, number>();
  const datasetId = absoluteUrl(`${CPSV_AP_PATH}#catalogue`);
  const partDocs = files.filter((f) => f.cpsvPart);
  for (const f of partDocs) {
    const doc = JSON.parse(f.text) as { '@graph': { '@id': string; 'dct:hasPart'?: string[] }[] };
    const dataset = doc['@graph'].find((n) => n['@id'] === datasetId);
    for (const s of dataset?.['dct:hasPart'] ?? []) served.set(s, (served.get(s) ?? 0) + 1);
  }
  const once = [...served.values()].every((n) => n === 1);
  verdict.check(
    'every procedure is the service of exactly one CPSV-AP part',
    served.size === catalogue.procedures.length && once,
    `${served.size} services of ${catalogue.procedures.length} procedures`,
  );
  const indexDoc = JSON.parse(files[0]?.text ?? '{}') as {
    '@graph': { '@type': string; 'dcat:downloadURL'?: string }[];
  };
  const linked = indexDoc['@graph']
    .filter((n) => n['@type'] === 'dcat:Distribution')
    .map((n) => n['dcat:downloadURL']);
  verdict.check(
    'the index links every part (dcat:distribution)',
    linked.length === parts.length &&
      parts.every((p) => linked.includes(absoluteUrl(cpsvApPartPath(p.slug)))),
    `${linked.length} distributions, ${parts.length} parts`,
  );

  // SHACL, part by part: each document converted and validated on its own.
  console.log(`\nSHACL (CPSV-AP 3.2.0 shapes), ${loadLine()}`);
  console.log('document\ttriples\tto RDF s\tSHACL s\tviolations');
  const validator = shaclValidator();
  const allStarted = performance.now();
  let violations = 0;
  let triples = 0;
  for (const f of [files[0], ...partDocs]) {
    if (!f) continue;
    const convertStarted = performance.now();
    const data = await toDataset(JSON.parse(f.text));
    const convert = (performance.now() - convertStarted) / 1000;
    const shaclStarted = performance.now();
    const report = await validator.validate(data);
    const shacl = (performance.now() - shaclStarted) / 1000;
    const found = report.results.filter((r) =>
      (r.severity?.value ?? 'http://www.w3.org/ns/shacl#Violation').endsWith('Violation'),
    );
    violations += found.length;
    triples += data.size;
    console.log(
      `${f.path}\t${data.size}\t${convert.toFixed(1)}\t${shacl.toFixed(1)}\t${found.length}`,
    );
    if (found.length > 0) {
      const lines = describeFindings(
        found.slice(0, 5).map((r) => ({
          severity: 'sh:Violation',
          focus: r.focusNode?.value ?? '',
          path: r.path?.value ?? '',
          message: r.message.map((m) => m.value).join('; '),
        })),
      );
      for (const line of lines) console.log(`  ${line}`);
    }
  }
  const seconds = (performance.now() - allStarted) / 1000;
  verdict.check(
    `CPSV-AP index and ${partDocs.length} parts valid against the SHACL shapes, each on its own`,
    violations === 0,
    `${violations} violations, ${triples} triples in ${seconds.toFixed(1)} s (${loadLine()})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
verdict.finish();
