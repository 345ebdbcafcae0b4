import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  GENERATED_MARKER,
  latestGenerated,
  nextMigrationName,
  statsTriggersSql,
} from '../../scripts/lib/stats-triggers.ts';

/**
 * The statistics triggers are generated from the domain (ADR 0012): the latest generated
 * migration must hold exactly what the generator writes today, so a change to a status,
 * the finishing statuses or the due-date rule cannot land without its migration.
 */

const dir = join(import.meta.dirname, '..', '..', 'migrations');
const files = new Map(
  readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')] as const),
);

describe('generated statistics triggers', () => {
  test('the latest generated migration equals a fresh generation (else run npm run gen:triggers)', () => {
    const latest = latestGenerated(files);
    expect(latest, 'no migration starts with the generator marker').toBeDefined();
    expect(latest?.sql, `migrations/${latest?.name} differs from the domain`).toBe(
      statsTriggersSql(),
    );
  });

  test('no migration after the generated one redefines its triggers', () => {
    const latest = latestGenerated(files)?.name ?? '';
    const later = [...files].filter(([name]) => name > latest);
    for (const [name, sql] of later) {
      expect(sql, name).not.toMatch(/CREATE TRIGGER\s+stats_(received|clock|finished|withdrawn)\b/);
    }
  });

  test('the SQL holds no rule of its own: no bare day slicing of timestamps', () => {
    const sql = statsTriggersSql();
    expect(sql.startsWith(GENERATED_MARKER)).toBe(true);
    // substr(at, 1, 10) read the UTC day of a "…Z" timestamp, not Vietnam's.
    expect(sql).not.toMatch(/substr\(NEW\.(at|received_at)/);
  });

  test('a change to the rule becomes the next numbered migration', () => {
    expect(nextMigrationName(['0001_a.sql', '0007_stats_triggers.sql', 'README'], 'x')).toBe(
      '0008_x.sql',
    );
    const changed = new Map(files);
    changed.set('0099_stats_triggers.sql', `${GENERATED_MARKER} (an older rule)\n`);
    expect(latestGenerated(changed)?.sql).not.toBe(statsTriggersSql());
  });
});
