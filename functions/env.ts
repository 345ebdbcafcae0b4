/** Bindings and variables the Worker receives (see wrangler.toml). */
export interface Env {
  DB: D1Database;
  /** Static assets built by Astro; absent in unit-style Worker tests. */
  ASSETS?: Fetcher;
}

export type AppEnv = { Bindings: Env };
