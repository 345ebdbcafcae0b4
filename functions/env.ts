/**
 * What the Worker receives. The bindings and variables of wrangler.toml are typed by
 * `wrangler types` (functions/worker-configuration.d.ts, `npm run types`; `npm run check`
 * fails when it is stale); the variables are validated once per isolate by the zod schema
 * in src/schemas/env.ts (`configOf`). Declared here: what wrangler.toml cannot say.
 */
export type Env = Omit<WorkerBindings, 'ASSETS' | 'FILES' | 'DVCQG_SYNC' | 'NOTIFY'> & {
  /** Static assets built by Astro; absent when the app is built without them (tests). */
  ASSETS?: Fetcher;
  /** Attachments of dossiers (R2; Miniflare locally); optional so a deployment without R2 still serves. */
  FILES?: R2Bucket;
  /** The queue of status changes to sync to DVCQG; optional so a deployment without it still serves. */
  DVCQG_SYNC?: Queue;
  /**
   * The queue of messages to citizens (`mot-cua-notify`, docs/adr/0019-notifications.md); the
   * body is an outbox row id. Optional: without it messages are sent inline.
   */
  NOTIFY?: Queue<{ id: number }>;
  /** Optional variables (defaults in src/schemas/env.ts) and secrets (`wrangler secret put`). */
  RATE_LIMIT_LOGIN?: string;
  /** Cloudflare Access in front of /can-bo (optional): team domain and application AUD tag. */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /**
   * The exchange with the national portal (docs/adr/0017): the adapter's URL, its token
   * (`wrangler secret put DVCQG_TOKEN`) and how long it has to answer (ms, default 10000).
   * Without the URL, status changes wait in the outbox (pending) and nothing is sent.
   */
  DVCQG_BASE_URL?: string;
  DVCQG_TOKEN?: string;
  DVCQG_TIMEOUT_MS?: string;
  /** Citizen sign-in: the client secret issued with the registration (`wrangler secret put`). */
  OIDC_CLIENT_SECRET?: string;
};

export type AppEnv = { Bindings: Env };
