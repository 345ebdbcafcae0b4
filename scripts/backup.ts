/**
 * `npm run db:backup -- [--remote] [--output <tệp.sql>] [--persist-to <thư mục>]`
 *
 * Exports the D1 database (schema and every row) to a SQL file with `wrangler d1
 * export`: locally the database `npm start` uses (or another `--persist-to` directory),
 * with --remote the Cloudflare database (after `wrangler login`). The file is reordered
 * so that `wrangler d1 execute --file` (or `npm run db:restore`) can apply it to an empty
 * database (scripts/lib/d1-dump.ts says why). Default output: .wrangler/backups/, which
 * git ignores: a backup holds personal data, keep it encrypted (docs/van-hanh.md).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { orderForRestore, rowCounts, schemaObjects } from './lib/d1-dump.ts';
import { exportDatabase, ROOT, type Target } from './lib/wrangler-d1.ts';

/** "2026-11-27T05:50:01.123Z" → "20261127-055001" (UTC), for file names. */
export const stamp = (d: Date): string =>
  d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

export interface BackupResult {
  output: string;
  bytes: number;
  sha256: string;
  rows: Map<string, number>;
  objects: Map<string, string>;
}

/** Exports, reorders and writes the backup file; returns what it holds. */
export function backup(target: Target, output: string): BackupResult {
  const work = mkdtempSync(join(tmpdir(), 'mot-cua-backup-'));
  try {
    const raw = join(work, 'export.sql');
    exportDatabase(target, raw);
    const sql = orderForRestore(readFileSync(raw, 'utf8'));
    mkdirSync(dirname(resolve(output)), { recursive: true });
    writeFileSync(output, sql, { mode: 0o600 });
    return {
      output,
      bytes: Buffer.byteLength(sql),
      sha256: createHash('sha256').update(sql).digest('hex'),
      rows: rowCounts(sql),
      objects: schemaObjects(sql),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      remote: { type: 'boolean', default: false },
      local: { type: 'boolean', default: false },
      output: { type: 'string' },
      'persist-to': { type: 'string' },
    },
  });
  if (values.remote && (values.local || values['persist-to'])) {
    console.error('✗ --remote không dùng cùng --local hoặc --persist-to.');
    process.exit(1);
  }
  const target: Target = values.remote
    ? { remote: true }
    : { remote: false, persistTo: values['persist-to'] };
  const output =
    values.output ??
    join(
      ROOT,
      '.wrangler',
      'backups',
      `mot-cua-${values.remote ? 'remote' : 'local'}-${stamp(new Date())}.sql`,
    );
  try {
    const result = backup(target, output);
    const total = [...result.rows.values()].reduce((a, b) => a + b, 0);
    const count = (kind: string) => [...result.objects.values()].filter((k) => k === kind).length;
    console.log(
      `✓ Đã sao lưu ${values.remote ? 'cơ sở dữ liệu trên Cloudflare' : 'cơ sở dữ liệu cục bộ'}`,
    );
    console.log(`  Tệp: ${relative(process.cwd(), resolve(output))} (${result.bytes} byte)`);
    console.log(`  SHA-256: ${result.sha256}`);
    console.log(
      `  ${count('TABLE')} bảng, ${count('VIEW')} view, ${count('TRIGGER')} trigger, ${count('INDEX')} chỉ mục; ${total} dòng dữ liệu`,
    );
    for (const [table, n] of [...result.rows].sort()) console.log(`    ${table}: ${n}`);
    console.log('  Tệp có dữ liệu cá nhân: mã hóa và cất ở nơi an toàn (docs/van-hanh.md).');
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
