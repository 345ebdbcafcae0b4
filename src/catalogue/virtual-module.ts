/**
 * Type of `virtual:mot-cua/catalogue` (tsconfig maps the specifier here). At
 * build and test time the Vite plugin in integration.ts supplies the value.
 */
import type { CataloguePayload } from './types.ts';

export declare const catalogue: CataloguePayload;

/**
 * The Markdown body ("Lưu ý") of each procedure as HTML, by slug, rendered with Astro's
 * Markdown processor. Only where pages are rendered (the prerender environment, and dev):
 * the Worker's bundle has an empty object (ADR 0024).
 */
export declare const procedureBodies: Readonly<Record<string, string>>;
