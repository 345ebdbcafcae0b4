/**
 * `npm run files:restore -- --input <thư mục sao lưu> [--persist-to <thư mục mới>]`
 * `npm run files:restore -- --input <thư mục sao lưu> --remote --bucket <bucket mới>`
 *
 * Checks every file of a backup made by `npm run files:backup` against its SHA-256, puts
 * the objects into a local bucket in its own directory (default .wrangler/restore-<time>,
 * never over a bucket that has files), or into a named Cloudflare bucket, then reads each
 * back and compares. Any difference is listed and the command ends with code 1.
 */
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stamp } from './backup.ts';
import { type FilesTarget, readBackup, restoreFiles } from './lib/r2-files.ts';
import { ROOT } from './lib/wrangler-d1.ts';

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      input: { type: 'string' },
      remote: { type: 'boolean', default: false },
      bucket: { type: 'string' },
      'persist-to': { type: 'string' },
    },
  });
  if (!values.input) {
    console.error('✗ Cần --input <thư mục sao lưu> (do npm run files:backup tạo).');
    process.exit(1);
  }
  if (values.remote && (values['persist-to'] || !values.bucket)) {
    console.error(
      '✗ Phục hồi lên Cloudflare cần --bucket <tên bucket mới> và không dùng --persist-to.',
    );
    process.exit(1);
  }
  const persistTo = values['persist-to'] ?? join(ROOT, '.wrangler', `restore-${stamp(new Date())}`);
  const target: FilesTarget = values.remote
    ? { remote: true, bucket: values.bucket }
    : { remote: false, persistTo };
  try {
    const mismatches = await restoreFiles(values.input, target);
    if (mismatches.length > 0) {
      console.error(`✗ Phục hồi không trọn vẹn: ${mismatches.length} tệp sai lệch`);
      for (const m of mismatches) console.error(`    ${m.key}: ${m.problem}`);
      process.exit(1);
    }
    const { manifest } = readBackup(values.input);
    console.log(
      `✓ Đã phục hồi ${manifest.objects.length} tệp đính kèm, đọc lại khớp tệp sao lưu (SHA-256)`,
    );
    console.log(
      values.remote
        ? `  Bucket: ${values.bucket} trên Cloudflare`
        : `  Thư mục: ${relative(process.cwd(), resolve(persistTo))} (npx wrangler dev --persist-to <thư mục>)`,
    );
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
