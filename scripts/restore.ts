/**
 * `npm run db:restore -- --input <tệp.sql> [--persist-to <thư mục mới>]`
 *
 * Applies a backup (scripts/backup.ts, or a raw `wrangler d1 export`) to a fresh local
 * D1 database in its own directory (default .wrangler/restore-<time>), never over an
 * existing one, then checks it: every table holds as many rows as the file inserts, and
 * every table, view, index and trigger of the file exists. Serve it with
 * `npx wrangler dev --persist-to <thư mục>`; restoring to Cloudflare is a deliberate
 * step described in docs/van-hanh.md.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stamp } from './backup.ts';
import { orderForRestore, rowCounts, schemaObjects } from './lib/d1-dump.ts';
import { describeDatabase, executeFile, ROOT, type Target } from './lib/wrangler-d1.ts';

export interface Mismatch {
  object: string;
  expected: string;
  found: string;
}

export interface RestoreResult {
  persistTo: string;
  rows: Map<string, number>;
  mismatches: Mismatch[];
}

/** Whether the directory already holds a local D1 database (restoring over it is refused). */
export function holdsDatabase(dir: string): boolean {
  const d1 = join(dir, 'v3', 'd1');
  return (
    existsSync(d1) &&
    readdirSync(d1, { recursive: true }).some((f) => String(f).endsWith('.sqlite'))
  );
}

/** Applies the backup to a fresh directory and compares the result with the file. */
export function restore(input: string, persistTo: string): RestoreResult {
  if (holdsDatabase(persistTo)) {
    throw new Error(`${persistTo} đã có cơ sở dữ liệu; chọn một thư mục mới (--persist-to).`);
  }
  const sql = orderForRestore(readFileSync(input, 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'mot-cua-restore-'));
  const target: Target = { remote: false, persistTo };
  try {
    const file = join(work, 'restore.sql');
    writeFileSync(file, sql);
    executeFile(target, file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const mismatches: Mismatch[] = [];
  const expectedObjects = schemaObjects(sql);
  const expectedRows = rowCounts(sql);
  const tablesInFile = [...expectedObjects].filter(([, k]) => k === 'TABLE').map(([n]) => n);
  const names = [...new Set([...tablesInFile, ...expectedRows.keys()])];
  const { objects: found, rows } = describeDatabase(target, names);
  for (const [name, kind] of expectedObjects) {
    if (found.get(name) !== kind)
      mismatches.push({ object: name, expected: kind, found: found.get(name) ?? 'không có' });
  }

  for (const name of names) {
    const expected = expectedRows.get(name) ?? 0;
    const actual = rows.get(name);
    if (actual !== expected)
      mismatches.push({
        object: name,
        expected: `${expected} dòng`,
        found: actual === undefined ? 'không có' : `${actual} dòng`,
      });
  }
  return { persistTo, rows, mismatches };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { input: { type: 'string' }, 'persist-to': { type: 'string' } },
  });
  if (!values.input) {
    console.error('✗ Cần --input <tệp.sql> (tệp sao lưu của npm run db:backup).');
    process.exit(1);
  }
  const persistTo = resolve(
    values['persist-to'] ?? join(ROOT, '.wrangler', `restore-${stamp(new Date())}`),
  );
  try {
    const result = restore(values.input, persistTo);
    for (const [table, n] of [...result.rows].sort()) console.log(`    ${table}: ${n}`);
    if (result.mismatches.length > 0) {
      console.error('✗ Dữ liệu phục hồi không khớp với tệp sao lưu:');
      for (const m of result.mismatches)
        console.error(`    ${m.object}: cần ${m.expected}, có ${m.found}`);
      process.exit(1);
    }
    const rel = relative(process.cwd(), persistTo) || '.';
    console.log(
      `✓ Đã phục hồi vào ${rel}: số dòng mọi bảng, các view, trigger và chỉ mục khớp tệp.`,
    );
    console.log(`  Chạy thử: npx wrangler dev --persist-to ${rel}`);
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
