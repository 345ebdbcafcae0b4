import { z } from 'zod';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import {
  alreadyApplied,
  dvcqgAnswerSchema,
  isSuccess,
  progressAnswerSchema,
  progressQueryBody,
  retryDelaySeconds,
  type StatusUpdate,
  statusUpdateBody,
} from '../../src/domain/interop/dvcqg.ts';
import {
  claimSyncRow,
  markSyncDelivered,
  markSyncEnqueued,
  markSyncFailed,
  markSyncOffQueue,
  nextSyncRow,
  recordSyncFailure,
  resendSyncRow,
  type SyncRow,
  sendableSyncRows,
  syncRowBlock,
} from '../db/dvcqg.ts';
import type { Env } from '../env.ts';
import { configOf } from '../../src/schemas/env.ts';

/**
 * Syncing status changes to the national portal (docs/adr/0017-national-portal-exchange.md).
 * A trigger writes one outbox row per status event of a dossier that came from DVCQG, in the
 * event's own transaction. The producer puts the sendable rows' ids on the queue
 * `mot-cua-dvcqg`; the consumer sends one row at a time per dossier, in order, retries with
 * backoff, and after the queue's last retry the message lands in `mot-cua-dvcqg-dlq`, whose
 * consumer marks the row failed for an officer to resend. The cron sweep re-enqueues rows
 * whose message was never sent or was lost. Without DVCQG_BASE_URL rows stay pending.
 */

export const SYNC_QUEUE = 'mot-cua-dvcqg';
export const SYNC_DLQ = 'mot-cua-dvcqg-dlq';

/** The default time DVCQG has to answer one request. */
const DEFAULT_TIMEOUT_MS = 10_000;
/** A message older than this is taken as lost (the queue retries for about 36 hours). */
const LOST_AFTER_MS = 48 * 3_600_000;

export interface SyncConfig {
  baseUrl: string;
  token: string | undefined;
  timeoutMs: number;
  queue: Queue;
}

/** The exchange's settings, or undefined when it is not configured (rows then wait). */
export function syncConfig(env: Env): SyncConfig | undefined {
  const config = configOf(env);
  if (!config.DVCQG_BASE_URL || !env.DVCQG_SYNC) return undefined;
  return {
    baseUrl: config.DVCQG_BASE_URL,
    token: config.DVCQG_TOKEN,
    timeoutMs: config.DVCQG_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
    queue: env.DVCQG_SYNC,
  };
}

/** Puts the rows that can be sent now on the queue; returns how many. */
export async function enqueueSendable(env: Env, now: Date): Promise<number> {
  const config = syncConfig(env);
  if (!config) return 0;
  const staleBefore = new Date(now.getTime() - LOST_AFTER_MS).toISOString();
  const ids = await sendableSyncRows(env.DB, staleBefore, 100);
  if (ids.length === 0) return 0;
  await config.queue.sendBatch(ids.map((id) => ({ body: { id } })));
  await markSyncEnqueued(env.DB, ids, now.toISOString());
  return ids.length;
}

/** Enqueues without failing the caller: a failed send leaves the rows for the cron sweep. */
export async function enqueueQuietly(env: Env, now: Date): Promise<void> {
  try {
    await enqueueSendable(env, now);
  } catch (error) {
    console.warn(
      `[dvcqg] đưa vào hàng đợi thất bại: ${error instanceof Error ? error.name : 'Error'}`,
    );
  }
}

const messageBody = z.object({ id: z.number().int().positive() });

/** A failed request: a short technical reason (never data of the dossier). */
class SyncFailure extends Error {}

async function call(config: SyncConfig, body: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(config.baseUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    throw new SyncFailure(name === 'TimeoutError' ? 'hết thời gian chờ' : 'lỗi kết nối');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new SyncFailure(`HTTP ${res.status}`);
  }
  try {
    return await res.json();
  } catch {
    throw new SyncFailure('trả lời không phải JSON');
  }
}

function updateOf(row: SyncRow, index: CatalogueIndex): StatusUpdate {
  // The receiving desk speaks for the dossier (never an officer's name: ADR 0017).
  const unit = index.agencyBySlug.get(row.deskSlug);
  return {
    code: row.code,
    status: row.status,
    at: row.at,
    publicNote: row.publicNote,
    dueDate: row.eventDueDate ?? row.dueDate,
    dueHour: row.dueHour,
    unit: unit?.name ?? row.deskSlug,
  };
}

/** Sends one row; throws a SyncFailure unless DVCQG holds it afterwards. */
async function deliver(config: SyncConfig, row: SyncRow, update: StatusUpdate): Promise<void> {
  // An earlier try may have been applied although it failed here (an answer lost on the way
  // back, a consumer that died after sending): before sending again, ask DVCQG what it
  // holds, so that nothing is applied twice. `attempts` counts this try already.
  if (row.attempts > 1) {
    const held = progressAnswerSchema.safeParse(await call(config, progressQueryBody(row.code)));
    if (held.success && isSuccess(held.data) && alreadyApplied(held.data, update)) return;
  }
  const answer = dvcqgAnswerSchema.safeParse(await call(config, statusUpdateBody(update)));
  if (!answer.success) throw new SyncFailure('trả lời không đúng cấu trúc');
  if (!isSuccess(answer.data))
    throw new SyncFailure(
      `DVCQG từ chối (error_code ${String(answer.data.error_code).slice(0, 10)})`,
    );
}

async function handleMessage(
  message: Message,
  env: Env,
  index: CatalogueIndex,
  now: () => Date,
): Promise<void> {
  const parsed = messageBody.safeParse(message.body);
  if (!parsed.success) {
    message.ack();
    return;
  }
  const { id } = parsed.data;
  const config = syncConfig(env);
  if (!config) {
    // Not configured: the row waits, visible, and the sweep enqueues it once configured.
    await markSyncOffQueue(env.DB, id);
    message.ack();
    return;
  }
  const start = now();
  const leaseUntil = new Date(start.getTime() + 2 * config.timeoutMs + 30_000).toISOString();
  const row = await claimSyncRow(env.DB, id, start.toISOString(), leaseUntil);
  if (!row) {
    const block = await syncRowBlock(env.DB, id);
    if (block?.state === 'pending' && !block.waiting) {
      // Another consumer is sending it right now (a duplicate delivery): look again later.
      message.retry({ delaySeconds: 60 });
      return;
    }
    // Delivered, failed, gone, or waiting for an earlier row (enqueued when that one is delivered).
    if (block?.waiting) await markSyncOffQueue(env.DB, id);
    message.ack();
    return;
  }
  try {
    await deliver(config, row, updateOf(row, index));
  } catch (error) {
    const reason = error instanceof SyncFailure ? error.message : 'lỗi không xác định';
    await recordSyncFailure(env.DB, id, reason);
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    return;
  }
  const at = now().toISOString();
  await markSyncDelivered(env.DB, id, at);
  message.ack();
  // The dossier's next change may go now.
  const next = await nextSyncRow(env.DB, row.dossierId, row.seq);
  if (next !== undefined) {
    await config.queue.send({ id: next });
    await markSyncEnqueued(env.DB, [next], at);
  }
}

/** The consumer of both queues: sends from `mot-cua-dvcqg`, marks failed from its DLQ. */
export async function handleSyncBatch(
  batch: MessageBatch,
  env: Env,
  index: CatalogueIndex,
  now: () => Date = () => new Date(),
): Promise<void> {
  if (batch.queue === SYNC_DLQ) {
    for (const message of batch.messages) {
      const parsed = messageBody.safeParse(message.body);
      if (parsed.success) await markSyncFailed(env.DB, parsed.data.id);
      message.ack();
    }
    return;
  }
  // One at a time: rows of one dossier must not overtake each other.
  for (const message of batch.messages) await handleMessage(message, env, index, now);
}

/** Whether a batch belongs to this exchange (functions/worker.ts dispatches on it). */
export const isSyncQueue = (queue: string): boolean => queue === SYNC_QUEUE || queue === SYNC_DLQ;

/** An officer resends a failed row; its dossier's code, or undefined when not allowed. */
export async function resendSync(
  env: Env,
  id: number,
  scope: readonly string[] | null,
  now: Date,
): Promise<string | undefined> {
  const code = await resendSyncRow(env.DB, id, scope);
  if (code) await enqueueQuietly(env, now);
  return code;
}
