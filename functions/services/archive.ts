import {
  archiveCutoff,
  archiveKey,
  DEFAULT_ARCHIVE_MONTHS,
  linePrefix,
  monthRange,
} from '../../src/domain/archive.ts';
import { constantTimeEqual, hashSecret } from '../../src/domain/dossier/secret.ts';
import { type ArchivedDossier, archivedDossier } from '../../src/schemas/archive.ts';
import { configOf } from '../../src/schemas/env.ts';
import {
  archivableIds,
  archiveKeyOfCode,
  beginArchive,
  completeArchive,
  dropUnfinishedArchive,
  nextArchiveGroup,
  rawRowsOf,
  unfinishedArchives,
} from '../db/archive.ts';
import { findDossiersByIds, publicEventsOf } from '../db/dossiers.ts';
import { evaluationsOf } from '../db/evaluations.ts';
import { latestStopRequestsOf } from '../db/stop-requests.ts';
import type { Env } from '../env.ts';
import { gzip } from '../http/gzip.ts';
import { sha256Bytes } from './attachments.ts';

/**
 * The archive job (docs/adr/0027-dossier-storage-plan.md), run daily after the retention job
 * (functions/worker.ts): keeps the live D1 bounded as a province's dossiers pile up. Dossiers
 * whose personal data was purged more than ARCHIVE_MONTHS ago (src/domain/archive.ts) move to
 * R2, one gzip NDJSON object per receiving desk, month of reception and run, and leave D1 in
 * the transaction that marks the object complete, keeping a stub per code for the lookup.
 *
 * Crash-safe in three steps: (1) a D1 row records the object as begun, (2) the object is
 * written to R2, (3) one D1 transaction moves the dossiers and completes the row. A run that
 * stops after (1) or (2) leaves a row never completed and the dossiers still live: the next
 * run deletes that object and row first, then archives the dossiers again. Nothing is lost
 * (the rows leave D1 only with the object in place) and nothing is doubled (only completed
 * objects are referenced, and a code has one stub). Logs counts only.
 */

export interface ArchiveOptions {
  /** Dossiers per object (and per transaction). */
  batchSize?: number;
  /** At most this many objects per run (the Cron Trigger's time is limited); the rest waits a day. */
  maxBatches?: number;
}

export interface ArchiveCounts {
  /** Dossiers moved to R2 in this run. */
  dossiers: number;
  /** Objects written and completed. */
  objects: number;
  /** Compressed bytes written. */
  bytes: number;
  /** Unfinished objects of an earlier run deleted before starting. */
  cleaned: number;
}

type ArchiveEnv = Pick<Env, 'DB' | 'FILES' | 'ARCHIVE_MONTHS'>;

async function gunzip(body: ReadableStream): Promise<string> {
  return new Response(body.pipeThrough(new DecompressionStream('gzip'))).text();
}

/** One line per dossier: its code first (src/domain/archive.ts `linePrefix`). */
async function records(db: D1Database, ids: readonly string[]): Promise<string> {
  const [dossiers, events, evaluations, stops, rows] = await Promise.all([
    findDossiersByIds(db, ids),
    publicEventsOf(db, ids),
    evaluationsOf(db, ids),
    latestStopRequestsOf(db, ids),
    rawRowsOf(db, ids),
  ]);
  return dossiers
    .map((dossier) => {
      const raw = rows.get(dossier.id);
      const record: ArchivedDossier = {
        code: dossier.code,
        lookup: {
          dossier,
          events: events.get(dossier.id) ?? [],
          evaluatedAt: evaluations.get(dossier.id)?.createdAt ?? null,
          stop: stops.get(dossier.id) ?? null,
        },
        // A free-text comment goes by its own period (RETENTION_COMMENT_MONTHS) and the
        // row stays in D1 for that: the archive never holds it.
        rows: {
          ...raw,
          evaluations: (raw?.evaluations ?? []).map((e) => ({ ...e, comment: null })),
        },
      };
      return `${JSON.stringify(record)}\n`;
    })
    .join('');
}

export async function runArchive(
  env: ArchiveEnv,
  now: Date,
  options: ArchiveOptions = {},
): Promise<ArchiveCounts> {
  const { batchSize = 500, maxBatches = 40 } = options;
  const counts: ArchiveCounts = { dossiers: 0, objects: 0, bytes: 0, cleaned: 0 };
  const files = env.FILES;
  if (!files) {
    console.log('[lưu trữ hồ sơ] không có kho R2 (FILES): không chuyển hồ sơ nào');
    return counts;
  }
  const months = configOf(env).ARCHIVE_MONTHS ?? DEFAULT_ARCHIVE_MONTHS;
  const cutoff = archiveCutoff(now, months);
  const at = now.toISOString();

  for (const unfinished of await unfinishedArchives(env.DB)) {
    await files.delete(unfinished.key);
    await dropUnfinishedArchive(env.DB, unfinished.id);
    counts.cleaned++;
  }

  for (let batch = 0; batch < maxBatches; batch++) {
    const group = await nextArchiveGroup(env.DB, cutoff);
    if (!group) break;
    const ids = await archivableIds(
      env.DB,
      cutoff,
      group.deskSlug,
      monthRange(group.month),
      batchSize,
    );
    if (ids.length === 0) break;
    const body = await gzip(await records(env.DB, ids));
    const key = archiveKey(group.month, group.deskSlug, crypto.randomUUID());
    const archiveId = await beginArchive(env.DB, group, key, at);
    const digest = await sha256Bytes(body);
    await files.put(key, body, {
      httpMetadata: { contentType: 'application/gzip' },
      customMetadata: { dossiers: String(ids.length), sha256: digest },
    });
    counts.dossiers += await completeArchive(
      env.DB,
      archiveId,
      ids,
      { bytes: body.byteLength, sha256: digest },
      at,
    );
    counts.objects++;
    counts.bytes += body.byteLength;
  }
  console.log(
    `[lưu trữ hồ sơ] chuyển sang R2 các hồ sơ đã xóa dữ liệu cá nhân quá ${months} tháng: ${counts.dossiers} hồ sơ, ${counts.objects} tệp, ${counts.bytes} byte; dọn ${counts.cleaned} tệp dở dang`,
  );
  return counts;
}

/**
 * An archived dossier for its citizen: found by its code's stub, read from its object, shown
 * only when the secret matches (as findForCitizen does for a live one).
 */
export async function findArchivedForCitizen(
  env: Pick<Env, 'DB' | 'FILES'>,
  code: string,
  secret: string,
): Promise<ArchivedDossier['lookup'] | undefined> {
  const key = await archiveKeyOfCode(env.DB, code);
  if (!key || !env.FILES) return undefined;
  const object = await env.FILES.get(key);
  if (!object) {
    console.error('[lưu trữ hồ sơ] thiếu tệp lưu trữ trong R2');
    return undefined;
  }
  const prefix = linePrefix(code);
  const line = (await gunzip(object.body)).split('\n').find((l) => l.startsWith(prefix));
  if (!line) return undefined;
  const parsed = archivedDossier.safeParse(JSON.parse(line));
  if (!parsed.success) {
    console.error('[lưu trữ hồ sơ] một dòng lưu trữ không đúng định dạng');
    return undefined;
  }
  const { dossier } = parsed.data.lookup;
  const hash = await hashSecret(secret, dossier.secretSalt);
  return constantTimeEqual(hash, dossier.secretHash) ? parsed.data.lookup : undefined;
}
