import { createHash } from 'node:crypto';
import { indexCatalogue } from '../domain/catalogue-index.ts';
import { searchIndexFilesFor } from '../domain/search/for-catalogue.ts';
import { catalogueAssetPaths } from './asset-paths.ts';
import { packSummaries, toSummary } from './summary.ts';
import type { CatalogueCore, CataloguePayload } from './types.ts';

/** What the build gives the Worker: the bundled core, and the files it reads on demand. */
export interface WorkerCatalogue {
  /** Hash of the files' content: names their folder (src/catalogue/asset-paths.ts). */
  version: string;
  /** Everything but the procedures, bundled into the Worker. */
  core: CatalogueCore;
  /** Static assets by path under dist/client (leading slash), with their JSON text. */
  files: Map<string, string>;
}

/**
 * Splits a validated catalogue for the Worker (ADR 0025): the core stays in the bundle;
 * the summaries, each whole procedure and the prebuilt search index become static assets.
 */
export function workerCatalogue(payload: CataloguePayload): WorkerCatalogue {
  const { procedures, ...core } = payload;
  const summaries = JSON.stringify(packSummaries(procedures.map(toSummary)));
  const search = searchIndexFilesFor(indexCatalogue(payload));
  const bodies = procedures.map((p) => [p.slug, JSON.stringify(p)] as const);
  const hash = createHash('sha256').update(summaries);
  for (const [name, text] of search) hash.update(name).update(text);
  for (const [, body] of bodies) hash.update(body);
  // The core is in the bundle, but the summaries are read beside it: hash it too.
  hash.update(JSON.stringify(core));
  const version = hash.digest('hex').slice(0, 16);
  const paths = catalogueAssetPaths(version);
  const files = new Map<string, string>([[paths.summaries, summaries]]);
  for (const [name, text] of search) files.set(`${paths.search}/${name}`, text);
  for (const [slug, body] of bodies) files.set(paths.procedure(slug), body);
  return { version, core, files };
}
