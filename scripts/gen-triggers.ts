/**
 * `npm run gen:triggers`: writes the statistics triggers generated from the domain
 * (scripts/lib/stats-triggers.ts) as a new migration, when they differ from those of the
 * latest generated migration. Landed migrations are never edited: a change to the rule
 * becomes the next numbered migration, which drops and recreates the same triggers.
 *
 *   npm run gen:triggers            add migrations/NNNN_stats_triggers.sql if needed
 *   npm run gen:triggers -- --check exit 1 if a migration is needed (writes nothing)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestGenerated, nextMigrationName, statsTriggersSql } from './lib/stats-triggers.ts';

const dir = join(import.meta.dirname, '..', 'migrations');
const names = readdirSync(dir);
const files = new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')] as const));
const sql = statsTriggersSql();
const latest = latestGenerated(files);

if (latest?.sql === sql) {
  console.log(`Up to date: migrations/${latest.name} holds the triggers the domain generates.`);
} else if (process.argv.includes('--check')) {
  console.error('The statistics triggers differ from the domain: run `npm run gen:triggers`.');
  process.exit(1);
} else {
  const name = nextMigrationName(names, 'stats_triggers');
  writeFileSync(join(dir, name), sql);
  console.log(`Wrote migrations/${name}.`);
}
