import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, expect } from 'vitest';
import { violations } from './openapi-check.ts';

// Runs before each test file. Files share a workerd process (isolate: false in
// vitest.config.ts saves a workerd start per file), so each file first gets an empty
// database and an empty bucket, then the same migrations `wrangler d1 migrations apply` runs.
const objects = await env.DB.prepare(
  `SELECT type, name FROM sqlite_master
   WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
   ORDER BY type = 'table', rowid DESC`,
).all<{ type: 'table' | 'view'; name: string }>();
if (objects.results.length > 0) {
  await env.DB.batch([
    env.DB.prepare('PRAGMA defer_foreign_keys = true'),
    ...objects.results.map((o) =>
      env.DB.prepare(`DROP ${o.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${o.name}"`),
    ),
  ]);
}
for (
  let listed = await env.FILES.list();
  listed.objects.length > 0;
  listed = await env.FILES.list()
) {
  await env.FILES.delete(listed.objects.map((o) => o.key));
}
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Responses that do not match the OpenAPI document fail the file that produced them.
violations.length = 0;
afterAll(() => {
  expect(violations, 'API responses that differ from /api/openapi.json').toEqual([]);
});
