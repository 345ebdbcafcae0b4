import { type CpsvApParts, cpsvApParts } from '../domain/interop/cpsv-ap.ts';
import type { FeedOptions } from '../domain/open-data/atom.ts';
import { catalogueChanges } from '../domain/open-data/changes.ts';
import { openDataLicence } from '../domain/open-data/licence.ts';
import { catalogueParts } from '../domain/open-data/parts.ts';
import { absoluteUrl, fields, index, procedures, site } from './site.ts';

/** The catalogue's parts for the exports (docs/adr/0026), computed once per build. */
export const parts = catalogueParts(procedures, fields);

let cpsvAp: CpsvApParts | undefined;

/** The CPSV-AP export cut into the parts: the graph is built once, on first use. */
export const cpsvApExport = (): CpsvApParts => {
  cpsvAp ??= cpsvApParts(index.catalogue, parts, { licence: openDataLicence(site).url });
  return cpsvAp;
};

/** The catalogue's changes, newest first, for the feed and its yearly archives. */
export const changes = catalogueChanges(procedures);

export const feedOptions: FeedOptions = {
  siteName: site.name,
  localityName: site.locality.name,
  absoluteUrl,
  licence: openDataLicence(site),
  fallbackUpdated: new Date().toISOString(),
};
