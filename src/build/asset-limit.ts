import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { formatDecimal } from '../domain/format.ts';

/**
 * Workers Static Assets refuse any file over 25 MiB: `wrangler deploy` fails and
 * `wrangler dev` does not start. The build checks its own output and stops with the
 * file, its size and the fix instead (docs/adr/0026-exports-at-province-scale.md).
 */
export const WORKERS_ASSET_LIMIT = 25 * 1024 * 1024;

export interface OversizedFile {
  /** Path under the checked directory, with `/`. */
  path: string;
  bytes: number;
}

/** Every file under `dir` larger than `limit` bytes, largest first. */
export function oversizedFiles(dir: string, limit = WORKERS_ASSET_LIMIT): OversizedFile[] {
  const found: OversizedFile[] = [];
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(entry));
    const stat = statSync(path);
    if (stat.isFile() && stat.size > limit) {
      found.push({ path: relative(dir, path).split(sep).join('/'), bytes: stat.size });
    }
  }
  return found.sort((a, b) => b.bytes - a.bytes);
}

const mib = (bytes: number) => `${formatDecimal(bytes / 1024 / 1024)} MiB`;

/** The Vietnamese message naming each file, its size, the limit and the fix. */
export function assetLimitMessage(files: readonly OversizedFile[], limit = WORKERS_ASSET_LIMIT) {
  const list = files.map((f) => `- ${f.path}: ${mib(f.bytes)}`).join('\n');
  return {
    message: `${files.length} tệp trong bản dựng vượt giới hạn ${mib(limit)} mỗi tệp của Cloudflare Workers Static Assets; Cloudflare sẽ từ chối triển khai và wrangler dev không khởi động:\n${list}`,
    hint: 'Cách sửa: chia tệp thành nhiều phần nhỏ, như các tệp dữ liệu mở chia theo lĩnh vực (src/domain/open-data/parts.ts, PART_SIZE), hoặc để Worker tạo nội dung đó khi có yêu cầu thay vì dựng sẵn. Xem docs/adr/0026-exports-at-province-scale.md.',
  };
}

/** Fails the build when a file of the static output is over the limit. */
export function checkAssetLimit(dir: string, limit = WORKERS_ASSET_LIMIT): void {
  const files = oversizedFiles(dir, limit);
  if (files.length === 0) return;
  const { message, hint } = assetLimitMessage(files, limit);
  throw new AstroError(message, hint);
}

/** Last integration of the build: checks what every other one wrote. */
export function assetLimitGuard(): AstroIntegration {
  return {
    name: 'mot-cua:asset-limit',
    hooks: {
      'astro:build:done': ({ dir }) => {
        checkAssetLimit(fileURLToPath(dir));
      },
    },
  };
}
