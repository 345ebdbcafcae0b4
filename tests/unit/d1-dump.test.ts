import { describe, expect, test } from 'vitest';
import { orderForRestore, splitStatements } from '../../scripts/lib/d1-dump.ts';

// The shape `wrangler d1 export` writes: tables in creation order, each with its rows, then
// indexes, views and triggers. `dossiers` gained a foreign key to a newer table (ALTER TABLE).
const dump = [
  'PRAGMA defer_foreign_keys=TRUE;',
  'CREATE TABLE dossiers (id TEXT PRIMARY KEY, chain_id TEXT REFERENCES "chains" (id));',
  `INSERT INTO "dossiers" VALUES('d1','c1');`,
  `INSERT INTO "dossiers" VALUES('d2',NULL);`,
  'CREATE TABLE status_events (dossier_id TEXT REFERENCES dossiers (id));',
  `INSERT INTO "status_events" VALUES('d1');`,
  'CREATE TABLE chains (id TEXT PRIMARY KEY);',
  `INSERT INTO "chains" VALUES('c1');`,
  'CREATE INDEX dossiers_chain ON dossiers (chain_id);',
  'CREATE TRIGGER t AFTER INSERT ON status_events BEGIN SELECT CASE WHEN 1 THEN 1 END; END;',
  'CREATE VIEW v AS SELECT 1;',
].join('\n');

describe('a dump ordered for restore', () => {
  const ordered = splitStatements(orderForRestore(dump));
  const at = (prefix: string) => ordered.findIndex((s) => s.startsWith(prefix));

  test('a table and its rows come after the table its foreign keys point at', () => {
    expect(at('CREATE TABLE chains')).toBeLessThan(at('CREATE TABLE dossiers'));
    expect(at(`INSERT INTO "chains"`)).toBeLessThan(at('CREATE TABLE dossiers'));
    expect(at('CREATE TABLE dossiers')).toBeLessThan(at('CREATE TABLE status_events'));
    expect(at(`INSERT INTO "dossiers" VALUES('d1'`)).toBeLessThan(
      at(`INSERT INTO "dossiers" VALUES('d2'`),
    );
  });

  test('PRAGMAs stay first, views before triggers, nothing lost, and a second pass changes nothing', () => {
    expect(ordered[0]).toBe('PRAGMA defer_foreign_keys=TRUE;');
    expect(at('CREATE VIEW')).toBeLessThan(at('CREATE TRIGGER'));
    expect([...ordered].sort()).toEqual([...splitStatements(dump)].sort());
    expect(orderForRestore(orderForRestore(dump))).toBe(orderForRestore(dump));
  });
});
