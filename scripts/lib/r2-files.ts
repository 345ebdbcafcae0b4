import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { QUIET_ENV } from './server.ts';
import { query, ROOT, wrangler } from './wrangler-d1.ts';

/**
 * The attachments bucket (R2 binding FILES) for the files backup and restore scripts:
 * locally through Miniflare's storage in the persist directory `npm start` uses (or
 * another `--persist-to`), remotely with `wrangler r2 object get/put`. Wrangler cannot
 * list a remote bucket, so a remote backup takes the keys the database knows
 * (`attachments.storage_key` and `result_files.storage_key`): every attachment of every
 * dossier still kept and every electronic result, replaced ones included. A local backup
 * lists the bucket, so it holds both prefixes (`dossiers/`, `results/`) as well.
 *
 * A backup is a directory: `manifest.json` (key, size, SHA-256, content type and custom
 * metadata of each object) and `objects/<n>`, one file per object, numbered rather than
 * named by key, so no key can write outside the directory.
 */

export type FilesTarget =
  | { remote: true; bucket?: string | undefined }
  | { remote: false; persistTo?: string | undefined };

export interface FileEntry {
  key: string;
  /** The object's file in the backup, relative to its directory. */
  file: string;
  size: number;
  sha256: string;
  contentType?: string | undefined;
  customMetadata?: Record<string, string> | undefined;
}

export interface FilesManifest {
  format: 'mot-cua-files/1';
  bucket: string;
  createdAt: string;
  objects: FileEntry[];
}

const MANIFEST = 'manifest.json';

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** The bucket name of the FILES binding in wrangler.toml. */
export function bucketName(): string {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const block = /\[\[r2_buckets\]\][\s\S]*?(?=\n\[|$)/.exec(toml)?.[0] ?? '';
  const name = /bucket_name\s*=\s*"([^"]+)"/.exec(block)?.[1];
  if (!name) throw new Error('wrangler.toml has no [[r2_buckets]] bucket_name');
  return name;
}

/** The local FILES bucket kept in `persistTo` (default .wrangler/state, as `npm start`). */
async function withLocalBucket<T>(
  persistTo: string | undefined,
  use: (bucket: R2Bucket) => Promise<T>,
): Promise<T> {
  Object.assign(process.env, QUIET_ENV);
  const dir = resolve(persistTo ?? join(ROOT, '.wrangler', 'state'));
  const proxy = await getPlatformProxy<{ FILES: R2Bucket }>({
    configPath: join(ROOT, 'wrangler.toml'),
    // `wrangler dev --persist-to X` keeps its data in X/v3.
    persist: { path: join(dir, 'v3') },
  });
  try {
    return await use(proxy.env.FILES);
  } finally {
    await proxy.dispose();
  }
}

/** Every object of a local bucket: key, bytes and metadata. */
async function* localObjects(bucket: R2Bucket) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({
      include: ['httpMetadata', 'customMetadata'],
      ...(cursor ? { cursor } : {}),
    });
    for (const listed of page.objects) {
      const object = await bucket.get(listed.key);
      if (!object) continue;
      yield {
        key: listed.key,
        bytes: new Uint8Array(await object.arrayBuffer()),
        contentType: object.httpMetadata?.contentType,
        customMetadata: object.customMetadata,
      };
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

function writeObject(
  output: string,
  entries: FileEntry[],
  object: Omit<FileEntry, 'file' | 'size' | 'sha256'> & { bytes: Uint8Array },
) {
  const file = `objects/${String(entries.length + 1).padStart(6, '0')}`;
  writeFileSync(join(output, file), object.bytes, { mode: 0o600 });
  entries.push({
    key: object.key,
    file,
    size: object.bytes.byteLength,
    sha256: sha256(object.bytes),
    ...(object.contentType ? { contentType: object.contentType } : {}),
    ...(object.customMetadata && Object.keys(object.customMetadata).length > 0
      ? { customMetadata: object.customMetadata }
      : {}),
  });
}

/** Copies every object of the bucket into a new backup directory `output`. */
export async function backupFiles(target: FilesTarget, output: string): Promise<FilesManifest> {
  mkdirSync(join(output, 'objects'), { recursive: true, mode: 0o700 });
  chmodSync(output, 0o700);
  const entries: FileEntry[] = [];
  const bucket = target.remote ? (target.bucket ?? bucketName()) : bucketName();
  if (target.remote) {
    const rows =
      query<{ key: string; type: string }>(
        { remote: true },
        // The applicant's attachments and the electronic results (results/…, ADR 0020).
        'SELECT storage_key AS key, content_type AS type FROM attachments UNION SELECT storage_key AS key, content_type AS type FROM result_files ORDER BY key',
      )[0] ?? [];
    const work = mkdtempSync(join(tmpdir(), 'mot-cua-files-'));
    try {
      for (const row of rows) {
        const file = join(work, 'object');
        wrangler(['r2', 'object', 'get', `${bucket}/${row.key}`, '--remote', '--file', file]);
        writeObject(output, entries, {
          key: row.key,
          bytes: readFileSync(file),
          contentType: row.type,
        });
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  } else {
    await withLocalBucket(target.persistTo, async (files) => {
      for await (const object of localObjects(files)) writeObject(output, entries, object);
    });
  }
  const manifest: FilesManifest = {
    format: 'mot-cua-files/1',
    bucket,
    createdAt: new Date().toISOString(),
    objects: entries,
  };
  writeFileSync(join(output, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
  return manifest;
}

/** A problem found while checking a backup or a restored bucket. */
export interface FileMismatch {
  key: string;
  problem: string;
}

/** The backup's manifest, with every object file checked against its size and SHA-256. */
export function readBackup(input: string): {
  manifest: FilesManifest;
  bytes: Map<string, Uint8Array>;
  mismatches: FileMismatch[];
} {
  const manifest = JSON.parse(readFileSync(join(input, MANIFEST), 'utf8')) as FilesManifest;
  if (manifest.format !== 'mot-cua-files/1') {
    throw new Error(`${input} không phải là bản sao lưu tệp đính kèm (thiếu ${MANIFEST} hợp lệ).`);
  }
  const bytes = new Map<string, Uint8Array>();
  const mismatches: FileMismatch[] = [];
  for (const entry of manifest.objects) {
    if (!/^objects\/\d{6}$/.test(entry.file)) {
      mismatches.push({ key: entry.key, problem: `đường dẫn tệp lạ "${entry.file}"` });
      continue;
    }
    let data: Uint8Array;
    try {
      data = readFileSync(join(input, entry.file));
    } catch {
      mismatches.push({ key: entry.key, problem: `thiếu tệp ${entry.file}` });
      continue;
    }
    if (data.byteLength !== entry.size || sha256(data) !== entry.sha256) {
      mismatches.push({
        key: entry.key,
        problem: `tệp ${entry.file} bị hỏng (SHA-256 không khớp)`,
      });
      continue;
    }
    bytes.set(entry.key, data);
  }
  return { manifest, bytes, mismatches };
}

/**
 * Puts every object of a checked backup into the bucket, then reads each back and compares
 * its SHA-256. Locally the bucket must be empty (never over existing attachments); remotely
 * the bucket is named explicitly (a new one, see docs/van-hanh.md).
 */
export async function restoreFiles(input: string, target: FilesTarget): Promise<FileMismatch[]> {
  const { manifest, bytes, mismatches } = readBackup(input);
  if (mismatches.length > 0) return mismatches;
  if (target.remote) {
    const bucket = target.bucket;
    if (!bucket) throw new Error('Phục hồi lên Cloudflare cần --bucket <tên bucket mới>.');
    const work = mkdtempSync(join(tmpdir(), 'mot-cua-files-'));
    try {
      for (const entry of manifest.objects) {
        const path = `${bucket}/${entry.key}`;
        wrangler([
          'r2',
          'object',
          'put',
          path,
          '--remote',
          '--file',
          join(input, entry.file),
          ...(entry.contentType ? ['--content-type', entry.contentType] : []),
        ]);
        const back = join(work, 'object');
        wrangler(['r2', 'object', 'get', path, '--remote', '--file', back]);
        if (sha256(readFileSync(back)) !== entry.sha256)
          mismatches.push({ key: entry.key, problem: 'đọc lại không khớp SHA-256' });
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return mismatches;
  }
  return withLocalBucket(target.persistTo, async (files) => {
    const existing = await files.list({ limit: 1 });
    if (existing.objects.length > 0) {
      throw new Error(
        'Bucket cục bộ này đã có tệp; chọn một thư mục mới (--persist-to), không ghi đè tệp đang có.',
      );
    }
    for (const entry of manifest.objects) {
      await files.put(entry.key, bytes.get(entry.key) as Uint8Array, {
        ...(entry.contentType ? { httpMetadata: { contentType: entry.contentType } } : {}),
        ...(entry.customMetadata ? { customMetadata: entry.customMetadata } : {}),
      });
    }
    const seen = new Set<string>();
    for await (const object of localObjects(files)) {
      seen.add(object.key);
      const entry = manifest.objects.find((e) => e.key === object.key);
      if (!entry)
        mismatches.push({
          key: object.key,
          problem: 'có trong bucket, không có trong bản sao lưu',
        });
      else if (sha256(object.bytes) !== entry.sha256)
        mismatches.push({ key: object.key, problem: 'đọc lại không khớp SHA-256' });
    }
    for (const entry of manifest.objects) {
      if (!seen.has(entry.key))
        mismatches.push({ key: entry.key, problem: 'không có trong bucket sau khi phục hồi' });
    }
    return mismatches;
  });
}

/** What a restore must reproduce of one object. */
export interface FileSummary {
  sha256: string;
  contentType?: string | undefined;
  customMetadata?: Record<string, string> | undefined;
}

/** Every object of a local bucket, for tests and checks: key → SHA-256, content type, metadata. */
export async function describeLocalFiles(persistTo: string): Promise<Map<string, FileSummary>> {
  return withLocalBucket(persistTo, async (files) => {
    const out = new Map();
    for await (const o of localObjects(files)) {
      out.set(o.key, {
        sha256: sha256(o.bytes),
        contentType: o.contentType,
        customMetadata: o.customMetadata,
      });
    }
    return out;
  });
}

/** Writes objects into a local bucket (tests and seeding). */
export async function putLocalFiles(
  persistTo: string,
  objects: {
    key: string;
    bytes: Uint8Array;
    contentType?: string;
    customMetadata?: Record<string, string>;
  }[],
): Promise<void> {
  await withLocalBucket(persistTo, async (files) => {
    for (const o of objects) {
      await files.put(o.key, o.bytes, {
        ...(o.contentType ? { httpMetadata: { contentType: o.contentType } } : {}),
        ...(o.customMetadata ? { customMetadata: o.customMetadata } : {}),
      });
    }
  });
}
