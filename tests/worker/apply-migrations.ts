import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Runs before each test file: the same migrations `wrangler d1 migrations apply` runs.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
