/**
 * `npm run files:backup -- [--remote [--bucket <tên>]] [--output <thư mục>] [--persist-to <thư mục>]`
 *
 * Copies the attachments of dossiers (R2 bucket of the FILES binding) into a backup
 * directory: locally the bucket `npm start` uses (or another `--persist-to` directory),
 * with --remote the Cloudflare bucket (after `wrangler login`; the keys come from the
 * database's attachments table). Each object is checked by SHA-256 in manifest.json.
 * Default output: .wrangler/backups/, which git ignores: the files are personal data,
 * keep them encrypted (docs/van-hanh.md). The database has its own backup (db:backup).
 */
import { relative, resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stamp } from './backup.ts';
import { backupFiles, type FilesTarget } from './lib/r2-files.ts';
import { ROOT } from './lib/wrangler-d1.ts';

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      remote: { type: 'boolean', default: false },
      local: { type: 'boolean', default: false },
      bucket: { type: 'string' },
      output: { type: 'string' },
      'persist-to': { type: 'string' },
    },
  });
  if (values.remote && (values.local || values['persist-to'])) {
    console.error('✗ --remote không dùng cùng --local hoặc --persist-to.');
    process.exit(1);
  }
  if (!values.remote && values.bucket) {
    console.error('✗ --bucket chỉ dùng với --remote.');
    process.exit(1);
  }
  const target: FilesTarget = values.remote
    ? { remote: true, bucket: values.bucket }
    : { remote: false, persistTo: values['persist-to'] };
  const output =
    values.output ??
    join(
      ROOT,
      '.wrangler',
      'backups',
      `mot-cua-files-${values.remote ? 'remote' : 'local'}-${stamp(new Date())}`,
    );
  try {
    const manifest = await backupFiles(target, output);
    const bytes = manifest.objects.reduce((n, o) => n + o.size, 0);
    console.log(
      `✓ Đã sao lưu tệp đính kèm ${values.remote ? `của bucket ${manifest.bucket} trên Cloudflare` : 'cục bộ'}`,
    );
    console.log(`  Thư mục: ${relative(process.cwd(), resolve(output))}`);
    console.log(
      `  ${manifest.objects.length} tệp, ${bytes} byte; mã SHA-256 từng tệp trong manifest.json`,
    );
    console.log(
      '  Tệp đính kèm là dữ liệu cá nhân: mã hóa và cất ở nơi an toàn (docs/van-hanh.md).',
    );
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
