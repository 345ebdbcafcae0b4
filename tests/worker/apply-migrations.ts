import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, expect } from 'vitest';
import { violations } from './openapi-check.ts';

// Runs before each test file: the same migrations `wrangler d1 migrations apply` runs.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Responses that do not match the OpenAPI document fail the file that produced them.
afterAll(() => {
  expect(violations, 'API responses that differ from /api/openapi.json').toEqual([]);
});
