import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { orderForRestore, rowCounts, splitStatements } from '../../scripts/lib/d1-dump.ts';
import { describeLocalFiles, putLocalFiles } from '../../scripts/lib/r2-files.ts';
import { migratedTemplate } from '../../scripts/lib/server.ts';
import { query, type Target, wrangler } from '../../scripts/lib/wrangler-d1.ts';

/**
 * Backup and restore round trip with the real tools: a temporary local D1 gets the
 * migrations and rows (Vietnamese text, quotes, line breaks, NULLs, and the counter rows
 * the statistics triggers write); `npm run db:backup` exports it, `npm run db:restore`
 * applies the file to another fresh directory; every table's rows, and every table,
 * view, index and trigger definition, must be identical, and the triggers must still
 * work in the restored database.
 */

const work = mkdtempSync(join(tmpdir(), 'mot-cua-backup-test-'));
const source: Target = { remote: false, persistTo: join(work, 'nguon') };
const restored: Target = { remote: false, persistTo: join(work, 'phuc-hoi') };
const backupFile = join(work, 'sao-luu.sql');
const dir = (target: Target) => (target.remote ? '' : (target.persistTo ?? ''));

function npm(script: string, args: string[]) {
  const result = spawnSync(process.execPath, [`scripts/${script}.ts`, ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const ID = '7f1c2a9e-0000-4000-8000-000000000001';
const SEED = `
INSERT INTO accounts (id, username, display_name, role, agencies, created_at, updated_at)
VALUES ('acc-1', 'tk.tiepnhan', 'Trần Thị Ánh Tuyết', 'receptionist', '["ttpvhcc-xa-thuan-bac"]', '2025-03-01T08:00:00+07:00', '2025-03-01T08:00:00+07:00');
INSERT INTO dossier_counters (agency_code, day, last) VALUES ('000.21.27.H43', '250303', 1);
INSERT INTO dossiers (id, code, procedure_code, procedure_title, procedure_version, agency_slug, desk_slug, channel, status,
  received_at, counted_from, due_date, processing_days, secret_salt, secret_hash, form_data, created_at, updated_at, commune)
VALUES ('${ID}', '000.21.27.H43-250303-0001', '2.000635', 'Cấp bản sao trích lục hộ tịch', '2025-01-01',
  'ubnd-xa-thuan-bac', 'ttpvhcc-xa-thuan-bac', 2, 1, '2025-03-03T09:00:00+07:00', '2025-03-03T09:00:00+07:00',
  '2025-03-05', 2, 'muoi', 'bam', '{"ho_ten_me":"Lê Thị Ngọc Ánh","ghi_chu":"Dòng 1\\nDòng 2 có dấu nháy '' và \\"kép\\""}',
  '2025-03-03T09:00:00+07:00', '2025-03-03T09:00:00+07:00', 'Thuận Bắc');
INSERT INTO applicants (dossier_id, full_name, id_number, birth_date, phone, email, address, commune, name_folded)
VALUES ('${ID}', 'Nguyễn Thị Lan', '058185001234', '1985-03-02', '0912345678', NULL,
  'Thôn Ba Tháp, xã Thuận Bắc' || char(10) || 'tỉnh Ninh Thuận', 'Thuận Bắc', 'nguyen thi lan');
INSERT INTO status_events (dossier_id, status, at, actor, action, due_date, agency_slug)
VALUES ('${ID}', 1, '2025-03-03T09:00:00+07:00', 'citizen', 'submit', '2025-03-05', 'ubnd-xa-thuan-bac');
INSERT INTO status_events (dossier_id, status, at, actor, action, agency_slug, working_days, public_note)
VALUES ('${ID}', 10, '2025-03-04T10:00:00+07:00', 'acc-1', 'return-result', 'ubnd-xa-thuan-bac', 1, 'Đã trả kết quả: bản sao trích lục');
UPDATE dossiers SET status = 10 WHERE id = '${ID}';
INSERT INTO evaluations (id, dossier_id, channel, desk_slug, agency_slug, procedure_code, commune, dossier_channel,
  satisfaction, c_time, comment, created_at, updated_at)
VALUES ('ev-1', '${ID}', 'web', 'ttpvhcc-xa-thuan-bac', 'ubnd-xa-thuan-bac', '2.000635', 'Thuận Bắc', 2, 5, 2,
  'Rất hài lòng; cán bộ nói: ''xong ngay''', '2025-03-04T11:00:00+07:00', '2025-03-04T11:00:00+07:00');
INSERT INTO page_feedback (id, procedure_code, useful, comment, token_hash, created_at)
VALUES ('pf-1', '2.000635', 0, 'Thiếu mẫu tờ khai — “ngoặc kép” ✓', 'h', '2025-03-05T08:00:00+07:00');
INSERT INTO audit_events (at, actor, action, target, detail) VALUES ('2025-03-04T10:00:00+07:00', 'acc-1', 'transition', '000.21.27.H43-250303-0001', 'return-result: 9 → 10');
INSERT INTO outbox (dossier_id, kind, channel, recipient, subject, body, created_at)
VALUES ('${ID}', 'result-ready', 'sms', '0912345678', 'Kết quả', 'Mời ông/bà đến nhận kết quả.', '2025-03-04T10:00:00+07:00');
`;

/**
 * Every row of every table, sorted, and the schema definitions, in two wrangler calls
 * (each costs a wrangler start: about two seconds of CPU).
 */
function snapshot(target: Target) {
  const schema = (
    query<{ type: string; name: string; tbl_name: string; sql: string }>(
      target,
      "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND sql IS NOT NULL ORDER BY type, name",
    )[0] ?? []
  ).map((r) => ({ ...r, sql: r.sql.replace(/^CREATE TABLE IF NOT EXISTS /, 'CREATE TABLE ') }));
  const names = schema.filter((s) => s.type === 'table').map((s) => s.name);
  const results = query(target, names.map((t) => `SELECT * FROM "${t}"`).join('; '));
  const rows = Object.fromEntries(
    names.map((t, i) => [t, (results[i] ?? []).map((r) => JSON.stringify(r)).sort()]),
  );
  return { names, rows, schema };
}

let before: ReturnType<typeof snapshot>;

beforeAll(() => {
  // The migrated database `wrangler d1 migrations apply` makes, copied (scripts/lib/server.ts).
  cpSync(migratedTemplate(), dir(source), { recursive: true });
  const seed = join(work, 'du-lieu.sql');
  writeFileSync(seed, SEED);
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', dir(source), '--file', seed, '-y']);
  before = snapshot(source);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore', () => {
  test('the source holds the rows, counters written by the triggers included', () => {
    expect(before.rows.dossiers).toHaveLength(1);
    expect(before.rows.status_events).toHaveLength(2);
    expect(before.rows.stats_agency_month?.length).toBeGreaterThan(0);
    const counters = before.rows.stats_agency_month?.map((r) => JSON.parse(r)) ?? [];
    expect(counters.reduce((n, r) => n + r.received, 0)).toBe(1);
    expect(counters.reduce((n, r) => n + r.ev_n, 0)).toBe(1);
    expect(before.schema.filter((s) => s.type === 'trigger').length).toBeGreaterThanOrEqual(12);
    expect(before.schema.some((s) => s.type === 'view' && s.name === 'stats_delta')).toBe(true);
  });

  test('npm run db:backup writes a file that creates the view before the triggers', () => {
    const run = npm('backup', ['--persist-to', dir(source), '--output', backupFile]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('Đã sao lưu');
    expect(run.output).toMatch(/SHA-256: [0-9a-f]{64}/);
    const sql = readFileSync(backupFile, 'utf8');
    const statements = splitStatements(sql);
    const view = statements.findIndex((s) => s.startsWith('CREATE VIEW stats_delta'));
    const trigger = statements.findIndex((s) => s.startsWith('CREATE TRIGGER'));
    expect(view).toBeGreaterThan(-1);
    expect(view).toBeLessThan(trigger);
    expect(orderForRestore(sql)).toBe(sql);
    expect(sql).toContain('Nguyễn Thị Lan');
    expect(rowCounts(sql).get('dossiers')).toBe(1);
    expect(rowCounts(sql).get('stats_commune_month')).toBe(before.rows.stats_commune_month?.length);
  }, 120_000);

  test('npm run db:restore applies it to a fresh directory and verifies the counts', () => {
    const run = npm('restore', ['--input', backupFile, '--persist-to', dir(restored)]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('khớp tệp');
    // Never over an existing database.
    const again = npm('restore', ['--input', backupFile, '--persist-to', dir(restored)]);
    expect(again.status).toBe(1);
    expect(again.output).toContain('đã có cơ sở dữ liệu');
  }, 120_000);

  test('every table, row and definition is identical after the round trip', () => {
    const after = snapshot(restored);
    expect(after.names).toEqual(before.names);
    for (const table of before.names) expect(after.rows[table], table).toEqual(before.rows[table]);
    expect(after.schema).toEqual(before.schema);
  }, 120_000);

  test('the restored triggers work: counters follow, status events stay append-only', () => {
    const sum =
      "SELECT sum(received) AS n FROM stats_agency_month WHERE agency_slug = 'ubnd-xa-thuan-bac'";
    const [received, , now] = query<{ n: number }>(
      restored,
      `${sum};
       INSERT INTO dossiers (id, code, procedure_code, procedure_title, procedure_version, agency_slug, desk_slug, channel, status,
         received_at, counted_from, due_date, processing_days, secret_salt, secret_hash, created_at, updated_at, commune)
       VALUES ('d2', '000.21.27.H43-250303-0002', '2.000635', 'Cấp bản sao', 'v', 'ubnd-xa-thuan-bac', 'ttpvhcc-xa-thuan-bac',
         1, 1, '2025-03-03T10:00:00+07:00', '2025-03-03T10:00:00+07:00', '2025-03-05', 2, 's', 'h',
         '2025-03-03T10:00:00+07:00', '2025-03-03T10:00:00+07:00', 'Thuận Bắc');
       ${sum}`,
    );
    expect(received?.[0]?.n).toBe(1);
    expect(now?.[0]?.n).toBe(2);
    expect(() => query(restored, 'DELETE FROM status_events')).toThrow(/append-only/);
  }, 60_000);
});

/**
 * The attachments (R2) round trip, offline: objects put into a local bucket in a temporary
 * persist directory, `npm run files:backup` copies them out with a manifest of SHA-256s,
 * `npm run files:restore` puts them into another fresh directory; every key, byte, content
 * type and metadata must be identical. A damaged backup and a restore over existing files
 * are refused.
 */
describe('files backup and restore', () => {
  const filesSource = join(work, 'tep-nguon');
  const filesRestored = join(work, 'tep-phuc-hoi');
  const filesBackup = join(work, 'sao-luu-tep');
  const random = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7919 + 13) % 251);
  const objects: Parameters<typeof putLocalFiles>[1] = [
    {
      key: `dossiers/${ID}/a1b2c3`,
      bytes: new TextEncoder().encode('%PDF-1.4\n% Giấy khai sinh bản sao\n%%EOF\n'),
      contentType: 'application/pdf',
      customMetadata: { dossier: ID, sha256: 'x' },
    },
    {
      key: `dossiers/${ID}/d4e5f6`,
      bytes: random,
      contentType: 'image/png',
      customMetadata: { dossier: ID, ghi_chu: 'ảnh chụp CCCD' },
    },
    { key: 'dossiers/khac/rong', bytes: new Uint8Array(), contentType: 'image/jpeg' },
  ];

  beforeAll(async () => {
    await putLocalFiles(filesSource, objects);
  }, 60_000);

  test('npm run files:backup copies every object with its SHA-256', () => {
    const run = npm('files-backup', ['--persist-to', filesSource, '--output', filesBackup]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('Đã sao lưu tệp đính kèm cục bộ');
    expect(run.output).toContain('3 tệp');
    const manifest = JSON.parse(readFileSync(join(filesBackup, 'manifest.json'), 'utf8'));
    expect(manifest.objects.map((o: { key: string }) => o.key).sort()).toEqual(
      objects.map((o) => o.key).sort(),
    );
  }, 60_000);

  test('npm run files:restore puts them in a fresh directory, identical', async () => {
    const run = npm('files-restore', ['--input', filesBackup, '--persist-to', filesRestored]);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('Đã phục hồi 3 tệp đính kèm');
    const after = await describeLocalFiles(filesRestored);
    expect(after).toEqual(await describeLocalFiles(filesSource));
    expect(after.get(`dossiers/${ID}/d4e5f6`)?.customMetadata?.ghi_chu).toBe('ảnh chụp CCCD');
    // Never over a bucket that has files.
    const again = npm('files-restore', ['--input', filesBackup, '--persist-to', filesRestored]);
    expect(again.status).toBe(1);
    expect(again.output).toContain('đã có tệp');
  }, 60_000);

  test('a damaged backup is refused before anything is written', () => {
    const damaged = join(work, 'sao-luu-tep-hong');
    cpSync(filesBackup, damaged, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(damaged, 'manifest.json'), 'utf8'));
    writeFileSync(join(damaged, manifest.objects[0].file), 'không phải tệp gốc');
    const run = npm('files-restore', ['--input', damaged, '--persist-to', join(work, 'tep-3')]);
    expect(run.status).toBe(1);
    expect(run.output).toContain('bị hỏng');
  }, 60_000);
});
