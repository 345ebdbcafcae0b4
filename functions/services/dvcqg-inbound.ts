import { CHANNEL, STATUS } from '../../src/domain/dossier/status.ts';
import { problemsOf, type Refusal, refusal } from '../../src/domain/errors.ts';
import { sha256Hex } from '../../src/domain/dossier/secret.ts';
import { dvcqgDossierSchema, submissionOfDvcqg } from '../../src/domain/interop/dvcqg.ts';
import { type DossierRow, findDossierByCode, findDossierById } from '../db/dossiers.ts';
import { findDvcqgDossier } from '../db/dvcqg.ts';
import { intake } from './intake.ts';
import type { SubmissionServices } from './submissions.ts';

/**
 * Dossiers filed on the national portal (docs/adr/0017-national-portal-exchange.md): the
 * DVCQG adapter delivers each one; it is checked by its procedure's submission schema like an
 * online dossier, keeps DVCQG's code (no number of the local sequence), is routed to the
 * receiving desk as an online dossier is, and waits in that desk's queue ("Mới đăng ký").
 * A redelivery of the same dossier answers the same; another payload under the same code is
 * refused (409).
 */

export interface DvcqgReceipt {
  code: string;
  receivedAt: string;
  dueDate: string;
  dueHour?: string;
  desk: string;
}

export type DvcqgInboundResult =
  | { ok: true; created: boolean; receipt: DvcqgReceipt }
  | { ok: false; refusal: Refusal };

const receiptOf = (d: DossierRow): DvcqgReceipt => ({
  code: d.code,
  receivedAt: d.receivedAt,
  dueDate: d.dueDate,
  ...(d.dueHour ? { dueHour: d.dueHour } : {}),
  desk: d.deskSlug,
});

const conflict = () =>
  refusal(
    409,
    'dvcqg_code_conflict',
    'Mã hồ sơ này đã được dùng cho một hồ sơ khác; hồ sơ chưa được nhận.',
    [{ path: 'MaHoSo', message: 'mã hồ sơ đã có với nội dung khác' }],
  );

/** The answer for a code already taken in: the same receipt, or 409 for another payload. */
async function replay(
  db: D1Database,
  code: string,
  requestHash: string,
): Promise<DvcqgInboundResult | undefined> {
  const known = await findDvcqgDossier(db, code);
  if (!known) return undefined;
  if (known.requestHash !== requestHash) return { ok: false, refusal: conflict() };
  const dossier = await findDossierById(db, known.dossierId);
  return dossier ? { ok: true, created: false, receipt: receiptOf(dossier) } : undefined;
}

export async function receiveFromDvcqg(
  services: SubmissionServices,
  body: unknown,
): Promise<DvcqgInboundResult> {
  const parsed = dvcqgDossierSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      refusal: refusal(
        422,
        'invalid_dvcqg_dossier',
        'Hồ sơ chưa hợp lệ.',
        problemsOf(parsed.error),
      ),
    };
  }
  const d = parsed.data;
  const requestHash = await sha256Hex(JSON.stringify(d));
  const previous = await replay(services.db, d.MaHoSo, requestHash);
  if (previous) return previous;
  // A code this system gave one of its own dossiers cannot be taken by DVCQG's.
  if (await findDossierByCode(services.db, d.MaHoSo)) return { ok: false, refusal: conflict() };

  const procedure = await services.index.procedureForCode(d.MaTTHC);
  if (!procedure) {
    return {
      ok: false,
      refusal: refusal(
        422,
        'unknown_procedure',
        'Thủ tục không có trong danh mục của địa phương.',
        [{ path: 'MaTTHC', message: 'không có thủ tục mang mã này' }],
      ),
    };
  }
  const agency = d.MaCoQuan
    ? procedure.agencies.find((slug) => services.index.agencyBySlug.get(slug)?.code === d.MaCoQuan)
    : undefined;
  if (d.MaCoQuan && !agency) {
    return {
      ok: false,
      refusal: refusal(422, 'unknown_agency', 'Cơ quan không giải quyết thủ tục này.', [
        { path: 'MaCoQuan', message: 'không có cơ quan mang mã này cho thủ tục' },
      ]),
    };
  }
  try {
    const result = await intake(services, procedure, submissionOfDvcqg(d, agency), [], {
      channel: CHANNEL.ONLINE,
      actor: 'dvcqg',
      initialStatus: STATUS.NEW,
      dvcqg: { code: d.MaHoSo, requestHash },
    });
    if (!result.ok) return result;
    const dossier = await findDossierById(services.db, result.accepted.dossierId);
    if (!dossier) throw new Error('dossier not found after insert');
    return { ok: true, created: true, receipt: receiptOf(dossier) };
  } catch (error) {
    // A concurrent delivery of the same code committed first: answer as a redelivery.
    if (/UNIQUE constraint failed/.test(String(error))) {
      const winner = await replay(services.db, d.MaHoSo, requestHash);
      if (winner) return winner;
      return { ok: false, refusal: conflict() };
    }
    throw error;
  }
}
