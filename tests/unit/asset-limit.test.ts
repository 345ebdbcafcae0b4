import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import {
  assetLimitGuard,
  checkAssetLimit,
  oversizedFiles,
  WORKERS_ASSET_LIMIT,
} from '../../src/build/asset-limit.ts';

/** A build output with files of the given sizes (sparse: no bytes written to disk). */
function output(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-assets-'));
  made.push(dir);
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), '');
    truncateSync(join(dir, path), bytes);
  }
  return dir;
}
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** What the build's last hook does with a directory: throws or not. */
function runHook(dir: string): unknown {
  const hook = assetLimitGuard().hooks['astro:build:done'] as (o: { dir: URL }) => void;
  try {
    hook({ dir: pathToFileURL(`${dir}/`) });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the build stops on a static file over the Workers asset limit (25 MiB)', () => {
  test('a file one byte over fails the build, naming the file, its size and the fix', () => {
    const dir = output({
      'du-lieu/cpsv-ap.jsonld': WORKERS_ASSET_LIMIT + 1,
      'du-lieu/thu-tuc.json': 1000,
      'index.html': 20_000,
    });
    const error = runHook(dir) as { message: string; hint: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('vượt giới hạn 25 MiB mỗi tệp');
    expect(error.message).toContain('- du-lieu/cpsv-ap.jsonld: 25 MiB');
    expect(error.message).not.toContain('thu-tuc.json');
    expect(error.hint).toContain('chia tệp thành nhiều phần');
    expect(error.hint).toContain('docs/adr/0026');
  });

  test('a file of exactly 25 MiB and smaller ones pass', () => {
    const dir = output({ 'a/b/lon.jsonld': WORKERS_ASSET_LIMIT, 'nho.csv': 10 });
    expect(runHook(dir)).toBeUndefined();
  });

  test('every file over the limit is listed, largest first, sizes in Vietnamese notation', () => {
    const dir = output({ 'x.json': 3_500_000, 'y/z.csv': 2_100_000, 'ok.txt': 1_000_000 });
    expect(oversizedFiles(dir, 2 * 1024 * 1024)).toEqual([
      { path: 'x.json', bytes: 3_500_000 },
      { path: 'y/z.csv', bytes: 2_100_000 },
    ]);
    expect(() => checkAssetLimit(dir, 2 * 1024 * 1024)).toThrow(
      /2 tệp .*vượt giới hạn 2 MiB[\s\S]*- x\.json: 3,3 MiB\n- y\/z\.csv: 2 MiB/,
    );
  });
});
