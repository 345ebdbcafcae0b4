/**
 * The data exchanged with the national public-service portal (Cổng DVCQG), as recorded in
 * docs/adr/0017-national-portal-exchange.md with the source and confidence of every field:
 * the dossier DVCQG delivers (inbound), the status update sent back (outbound), DVCQG's
 * answer, and the retry schedule of the queue. Pure: no I/O.
 */
import { z } from 'zod';
import { isRealIsoDate, VIETNAM_OFFSET_MS } from '../calendar/dates.ts';
import { normaliseDossierCode, parseDossierCode } from '../dossier/code.ts';
import { STATUS_NAMES, type StatusCode } from '../dossier/status.ts';

/** `yyyyMMddHHmmss` in Vietnam time, the date format of DVCQG's data [observed, OpenCPS]. */
export function dvcqgTimestamp(at: string | Date): string {
  const iso = new Date(new Date(at).getTime() + VIETNAM_OFFSET_MS).toISOString();
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

/** The end of a Vietnam day (`YYYY-MM-DD`), or its hour "HH:MM", as a DVCQG timestamp. */
export const dvcqgDayEnd = (day: string, hour?: string | null): string =>
  `${day.replace(/-/g, '')}${hour ? `${hour.replace(':', '')}00` : '235959'}`;

const TIMESTAMP_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DAY_RE = /^(\d{4})(\d{2})(\d{2})$/;

const text = (max: number) => z.string().trim().min(1, 'không được để trống').max(max);

/**
 * A dossier filed on DVCQG, as its adapter delivers it to `POST /api/lien-thong/dvcqg/ho-so`.
 * Field names follow the national sync data where it was observed (MaHoSo, MaTTHC, ChuHoSo,
 * SoDienThoai, Email); the others are this system's (ADR 0017, "ours"). Unknown fields are
 * ignored, so a richer delivery still goes through. The applicant's data is then checked by
 * the procedure's own submission schema, exactly as an online dossier.
 */
export const dvcqgDossierSchema = z.object({
  MaHoSo: z
    .string()
    .max(64)
    .transform(normaliseDossierCode)
    .refine((code) => parseDossierCode(code) !== undefined, {
      message: 'mã hồ sơ không đúng cấu trúc <mã cơ quan>-YYMMDD-<số thứ tự>',
    }),
  MaTTHC: text(40),
  /** The competent agency's code (QCVN 102 / electronic identifier), when several may decide. */
  MaCoQuan: text(40).optional(),
  NgayNopHoSo: z.string().regex(TIMESTAMP_RE, 'thời điểm nộp có dạng yyyyMMddHHmmss'),
  ChuHoSo: text(200),
  SoDinhDanh: text(20),
  NgaySinh: z
    .string()
    .regex(DAY_RE, 'ngày sinh có dạng yyyyMMdd')
    .transform((v) => `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`)
    .refine(isRealIsoDate, 'ngày sinh không có thật'),
  SoDienThoai: text(20),
  Email: z.string().trim().max(200).optional(),
  DiaChi: text(300),
  XaPhuong: text(100),
  DuLieuBieuMau: z.record(z.string(), z.string()).default({}),
});
export type DvcqgDossier = z.output<typeof dvcqgDossierSchema>;

/** The submission (src/schemas/submission.ts) a DVCQG dossier stands for. */
export function submissionOfDvcqg(d: DvcqgDossier, agency: string | undefined) {
  return {
    procedure: d.MaTTHC,
    ...(agency ? { agency } : {}),
    applicant: {
      fullName: d.ChuHoSo,
      idNumber: d.SoDinhDanh,
      birthDate: d.NgaySinh,
      phone: d.SoDienThoai,
      email: d.Email ?? '',
      address: d.DiaChi,
      commune: d.XaPhuong,
    },
    fields: d.DuLieuBieuMau,
  };
}

/** What a status change sends: the event and the dossier's dates (no personal data). */
export interface StatusUpdate {
  code: string;
  status: number;
  /** When the event happened (ISO 8601). */
  at: string;
  /** What the citizen was told (documents to supplement, reason of a refusal). */
  publicNote: string | null;
  /** The appointment after the event: `YYYY-MM-DD` and, counted in hours, "HH:MM". */
  dueDate: string;
  dueHour: string | null;
  /** The unit that acted: the desk or the agency, never an officer's name. */
  unit: string;
}

/**
 * The request body of one status update, service `CapNhatTienDoHoSoMC` [observed, OpenCPS
 * DVCQGIntegrationActionImpl]: one progress item per request, so that each is acknowledged
 * on its own.
 */
export function statusUpdateBody(u: StatusUpdate) {
  const name = STATUS_NAMES[u.status as StatusCode] ?? String(u.status);
  return {
    service: 'CapNhatTienDoHoSoMC',
    data: [
      {
        MaHoSo: u.code,
        NguoiXuLy: u.unit,
        ChucDanh: '',
        ThoiDiemXuLy: dvcqgTimestamp(u.at),
        PhongBanXuLy: u.unit,
        NoiDungXuLy: u.publicNote ? `${name}: ${u.publicNote}` : name,
        TrangThai: String(u.status),
        NgayBatDau: '',
        NgayKetThucTheoQuyDinh: dvcqgDayEnd(u.dueDate, u.dueHour),
      },
    ],
  };
}

/** Asking DVCQG which progress items it holds for a dossier [service name observed; shape assumed]. */
export const progressQueryBody = (code: string) => ({ service: 'TraCuuHoSo', MaHoSo: code });

/** DVCQG's answer: `error_code` 0 / "0" / "00" is success [observed, OpenCPS]. */
export const dvcqgAnswerSchema = z.looseObject({
  error_code: z.union([z.string(), z.number()]),
  message: z.string().optional(),
});
export const isSuccess = (answer: z.output<typeof dvcqgAnswerSchema>): boolean =>
  String(answer.error_code).trim() !== '' && Number(answer.error_code) === 0;

/** The answer to `TraCuuHoSo`: the progress items DVCQG holds [assumed, ADR 0017]. */
export const progressAnswerSchema = dvcqgAnswerSchema.extend({
  data: z
    .array(
      z.looseObject({ TrangThai: z.union([z.string(), z.number()]), ThoiDiemXuLy: z.string() }),
    )
    .default([]),
});

/** Whether DVCQG already holds this update (a request that timed out may have been applied). */
export function alreadyApplied(
  answer: z.output<typeof progressAnswerSchema>,
  update: Pick<StatusUpdate, 'status' | 'at'>,
): boolean {
  const when = dvcqgTimestamp(update.at);
  return answer.data.some(
    (item) => String(item.TrangThai) === String(update.status) && item.ThoiDiemXuLy === when,
  );
}

/**
 * Retries of the queue `mot-cua-dvcqg` (wrangler.toml `max_retries`): with the delays below
 * the queue keeps trying for about a day and a half, so a day-long outage of the national
 * side loses nothing; past them the message goes to the dead-letter queue and an officer
 * resends it.
 */
export const SYNC_MAX_RETRIES = 24;

/** Seconds before the `attempt`-th retry: 1, 2, 4 … minutes, then every 2 hours. */
export const retryDelaySeconds = (attempt: number): number =>
  Math.min(60 * 2 ** Math.max(0, attempt - 1), 7200);
