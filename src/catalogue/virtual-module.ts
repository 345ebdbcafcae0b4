/**
 * Type of `virtual:mot-cua/catalogue` (tsconfig maps the specifier here). At
 * build and test time the Vite plugin in integration.ts supplies the value.
 */
import type { CataloguePayload } from './types.ts';

export declare const catalogue: CataloguePayload;
