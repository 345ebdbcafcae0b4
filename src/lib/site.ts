import { catalogue, procedureBodies } from 'virtual:mot-cua/catalogue';
import { indexCatalogue } from '../domain/catalogue-index.ts';
import type { ChromeContext } from '../ui/chrome.ts';

/** The catalogue as pages see it; built once per build, not once per page. */
export const index = indexCatalogue(catalogue);
export const { site, fields, agencies, procedures } = catalogue;
export { procedureBodies };

export const chrome: ChromeContext = {
  site,
  desk: index.mainDesk,
  logoSvg: catalogue.logoSvg,
};

/** Absolute URL on the public site (for QR codes, canonical links, JSON-LD). */
export const absoluteUrl = (path: string): string => new URL(path, site.url).toString();
