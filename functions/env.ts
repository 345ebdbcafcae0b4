/** Bindings and variables the Worker receives (see wrangler.toml). */
export interface Env {
  DB: D1Database;
  /** Static assets built by Astro; absent in unit-style Worker tests. */
  ASSETS?: Fetcher;
  /** Attachments of dossiers (R2; Miniflare locally). */
  FILES?: R2Bucket;
  /** Rate limits as "hits/seconds", e.g. "20/3600". Defaults in functions/http/rate-limit.ts. */
  RATE_LIMIT_SUBMIT?: string;
  RATE_LIMIT_LOOKUP?: string;
  RATE_LIMIT_LOGIN?: string;
  RATE_LIMIT_FEEDBACK?: string;
  /** Open311 POST requests per API key, e.g. "120/3600". */
  RATE_LIMIT_OPEN311?: string;
  /** Ratings at one kiosk desk from one client address, e.g. "240/3600". */
  RATE_LIMIT_KIOSK?: string;
  /**
   * Months after a dossier closed before its personal data is deleted (default 24), and
   * after which free-text comments are cleared (default: the same). See docs/van-hanh.md.
   */
  RETENTION_MONTHS?: string;
  RETENTION_COMMENT_MONTHS?: string;
  /**
   * Origins a local or staging instance may advertise in Open311 discovery as a `test`
   * endpoint, comma-separated; the configured public URL is always the production one.
   */
  OPEN311_TEST_ORIGINS?: string;
  /** Cloudflare Access in front of /can-bo (optional): team domain and application AUD tag. */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
}

export type AppEnv = { Bindings: Env };
