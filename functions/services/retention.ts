import { redactPersonalData } from '../../src/domain/text/redact.ts';
import { purgePaknContacts } from '../db/pakn.ts';
import {
  addCounts,
  addMonths,
  closedBefore,
  commentCutoff,
  describeCounts,
  isDueForPurge,
  type PurgeCounts,
  zeroPurgeCounts,
} from '../../src/domain/retention.ts';
import {
  attachmentKeys,
  clearOldComments,
  closedDossiers,
  purgeDossiers,
} from '../db/retention.ts';
import type { RuleSet } from '../../src/domain/rules/types.ts';
import { configOf } from '../../src/schemas/env.ts';
import { purgeExpiredResults } from './result-files.ts';
import type { Env } from '../env.ts';

/**
 * The retention job, run daily by the Cron Trigger (functions/worker.ts, wrangler.toml):
 * deletes the personal data of dossiers closed more than RETENTION_MONTHS ago and clears
 * old free-text comments (src/domain/retention.ts says what and when). Dossiers go in
 * batches, oldest first; for each batch the attachments' R2 objects are deleted first,
 * then the rows in one transaction with its audit entry, so a run that stops half-way
 * leaves nothing orphaned and the next run finishes it. Electronic results are not the
 * applicant's data: they stay, and go only when the dossier's rule set gives
 * `resultRetention.months` (functions/services/result-files.ts). Logs counts only.
 */

export interface RetentionOptions {
  /** Dossiers per transaction. */
  batchSize?: number;
  /** At most this many batches per run (the Cron Trigger's time is limited); the rest waits a day. */
  maxBatches?: number;
  /**
   * The rule sets, whose `resultRetention` says when electronic results go (ADR 0020); without
   * them result files are kept. They are never deleted with the applicant's data.
   */
  ruleSets?: readonly RuleSet[];
}

/** R2 deletes at most 1000 keys per call. */
const R2_DELETE_LIMIT = 1000;

export async function runRetention(
  env: Pick<Env, 'DB' | 'FILES' | 'RETENTION_MONTHS' | 'RETENTION_COMMENT_MONTHS'>,
  now: Date,
  options: RetentionOptions = {},
): Promise<PurgeCounts> {
  const { batchSize = 100, maxBatches = 50, ruleSets = [] } = options;
  const policy = configOf(env).retention;
  const at = now.toISOString();
  let total = zeroPurgeCounts();
  for (let batch = 0; batch < maxBatches; batch++) {
    const candidates = await closedDossiers(env.DB, closedBefore(now, policy.months), batchSize);
    const due = candidates.filter((d) => isDueForPurge(d, policy, now));
    if (due.length === 0) break;
    const ids = due.map((d) => d.id);
    const keys = await attachmentKeys(env.DB, ids);
    let files = 0;
    if (env.FILES) {
      for (let i = 0; i < keys.length; i += R2_DELETE_LIMIT) {
        const chunk = keys.slice(i, i + R2_DELETE_LIMIT);
        await env.FILES.delete(chunk);
        files += chunk.length;
      }
    }
    total = addCounts(total, { ...(await purgeDossiers(env.DB, ids, at, files)), files });
    // The rest of this page closed too recently (within the pre-selection's margin).
    if (due.length < candidates.length || candidates.length < batchSize) break;
  }
  total = addCounts(total, await clearOldComments(env.DB, commentCutoff(now, policy), at));
  // Phản ánh, kiến nghị: the contact goes the same number of months after reception.
  const pakn = await purgePaknContacts(
    env.DB,
    addMonths(at, -policy.months).toISOString(),
    at,
    redactPersonalData,
  );
  const results = await purgeExpiredResults(env, ruleSets, now, batchSize);
  console.log(
    `[lưu trữ] xóa dữ liệu cá nhân quá ${policy.months} tháng: ${describeCounts(total)}; phản ánh, kiến nghị ${pakn}; tệp kết quả hết thời hạn lưu ${results}`,
  );
  return total;
}
