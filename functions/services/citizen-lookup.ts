import type { ArchivedDossier } from '../../src/schemas/archive.ts';
import {
  type DossierRow,
  dossierByCodeRead,
  publicEventsRead,
  type StatusEventRow,
} from '../db/dossiers.ts';
import { evaluationRead } from '../db/evaluations.ts';
import { type PaymentRequest, paymentRequestRead } from '../db/payments.ts';
import { type Counter, rateLimitWaitsRead } from '../db/rate-limits.ts';
import { readTogether } from '../db/read.ts';
import { currentResultFileRead, type ResultFile } from '../db/result-files.ts';
import { latestStopRequestRead, type StopRequest } from '../db/stop-requests.ts';
import type { Env } from '../env.ts';
import { findArchivedForCitizen } from './archive.ts';
import { verifiedForCitizen } from './submissions.ts';

/**
 * A citizen's lookup of a dossier with its code and secret (the lookup page, its stop request
 * form, `GET /api/submissions/{code}`): the address's lookup counter, the dossier of the code,
 * its events, its latest stop request, fee, electronic result and evaluation, in one read batch
 * (one D1 round trip, no write; docs/adr/0028, "Cuts on the request paths"). The secret is
 * checked after the read, as `findForCitizen` does.
 */
export interface CitizenLookup {
  dossier: DossierRow;
  events: StatusEventRow[];
  stop: StopRequest | undefined;
  payment: PaymentRequest | undefined;
  result: ResultFile | undefined;
  /** When the citizen rated the dossier, if they did. */
  evaluatedAt: string | undefined;
  /** Moved to R2 by the archive job (ADR 0027): read from its archived record. */
  archived?: ArchivedDossier['lookup'] | undefined;
}

/**
 * `wait`: seconds until the address may look up again (it is at its limit: nothing else was
 * looked at), else 0; `found`: the dossier, when the code and the secret match, live or archived.
 */
export async function lookUpForCitizen(
  env: Pick<Env, 'DB' | 'FILES'>,
  code: string,
  secret: string,
  limit: { counter: Counter; nowSeconds: number },
): Promise<{ wait: number; found?: CitizenLookup | undefined }> {
  const db = env.DB;
  const byCode = { code };
  const [[wait = 0], row, events, stop, payment, result, evaluation] = await readTogether(db, [
    rateLimitWaitsRead(db, [limit.counter], limit.nowSeconds),
    dossierByCodeRead(db, code),
    publicEventsRead(db, byCode),
    latestStopRequestRead(db, byCode),
    paymentRequestRead(db, byCode),
    currentResultFileRead(db, byCode),
    evaluationRead(db, byCode),
  ] as const);
  if (wait > 0) return { wait };
  const dossier = await verifiedForCitizen(row, secret);
  if (dossier) {
    return {
      wait: 0,
      found: { dossier, events, stop, payment, result, evaluatedAt: evaluation?.createdAt },
    };
  }
  const archived = await findArchivedForCitizen(env, code, secret);
  if (!archived) return { wait: 0 };
  // D1 keeps an archived dossier's fee and result rows; the rest is in its record.
  const byId = { id: archived.dossier.id };
  const [archivedPayment, archivedResult] = await readTogether(db, [
    paymentRequestRead(db, byId),
    currentResultFileRead(db, byId),
  ] as const);
  return {
    wait: 0,
    found: {
      dossier: archived.dossier,
      events: archived.events,
      stop: archived.stop ?? undefined,
      payment: archivedPayment,
      result: archivedResult,
      evaluatedAt: archived.evaluatedAt ?? undefined,
      archived,
    },
  };
}
