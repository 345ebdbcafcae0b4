/**
 * Type of `virtual:mot-cua/catalogue-core` (tsconfig maps the specifier here), what the
 * Worker bundles (ADR 0025). The Vite plugin in integration.ts supplies the values.
 */
import type { Procedure } from '../schemas/procedure.ts';
import type { CatalogueCore } from './types.ts';

/** The catalogue without its procedures. */
export declare const core: CatalogueCore;
/** The hash naming the folder of this build's catalogue assets (asset-paths.ts). */
export declare const version: string;
/** The whole procedures where there are no built assets (dev server, Worker tests); else null. */
export declare const inlineProcedures: Procedure[] | null;
