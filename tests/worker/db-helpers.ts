import { env } from 'cloudflare:workers';
import { insertDossier, type NewDossier } from '../../functions/db/dossiers.ts';
import { statusList } from '../../functions/db/status-sql.ts';
import { TERMINAL_STATUSES } from '../../src/domain/dossier/lifecycle.ts';
import { STATUS, type StatusCode } from '../../src/domain/dossier/status.ts';

/**
 * Rows for the query tests (tests/worker/db-*.test.ts): dossiers written with the real
 * `insertDossier`, then moved along by appending status events as the Worker does. Each
 * test file passes its own agency slug so its queries see only its own rows.
 */

let serial = 0;

export function newDossier(agency: string, overrides: Partial<NewDossier> = {}): NewDossier {
  serial += 1;
  return {
    id: crypto.randomUUID(),
    agencyCode: `DB.${agency}`,
    day: '250602',
    procedureCode: '2.000635',
    procedureTitle: 'Cấp bản sao trích lục hộ tịch',
    procedureVersion: '2025-01-01',
    agencySlug: agency,
    deskSlug: `${agency}-desk`,
    channel: 2,
    receivedAt: '2025-06-02T09:00:00+07:00',
    countedFrom: '2025-06-02T09:00:00+07:00',
    dueDate: '2025-06-05',
    processingDays: 3,
    calendarProvisional: false,
    secretSalt: 'salt',
    secretHash: 'hash',
    formData: { 'so-ban-sao': '2', 'noi-dang-ky': 'UBND xã Thuận Bắc' },
    applicant: {
      fullName: `Nguyễn Thị Lan ${serial}`,
      idNumber: '058185001234',
      birthDate: '1985-03-12',
      phone: '0912345678',
      address: 'Thôn Ba Tháp',
      commune: 'Thuận Bắc',
    },
    attachments: [],
    actor: 'citizen',
    initialStatus: STATUS.NEW,
    nameFolded: `nguyen thi lan ${serial}`,
    ...overrides,
  };
}

/** Inserts the dossier and returns its id and code. */
export async function stored(d: NewDossier): Promise<{ id: string; code: string }> {
  const { code } = await insertDossier(env.DB, d);
  return { id: d.id, code };
}

/** Appends an event and sets the dossier's status, as one lifecycle step would. */
export async function moveTo(
  id: string,
  status: StatusCode,
  at: string,
  action: string,
  dueDate: string | null = null,
): Promise<void> {
  await env.DB.batch([
    env.DB.prepare('UPDATE dossiers SET status = ?2, updated_at = ?3 WHERE id = ?1').bind(
      id,
      status,
      at,
    ),
    env.DB.prepare(
      `INSERT INTO status_events (dossier_id, status, at, actor, action, due_date)
       VALUES (?1, ?2, ?3, 'system', ?4, ?5)`,
    ).bind(id, status, at, action, dueDate),
  ]);
}

/** The first row `sql` returns, as stored. */
export const row = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .first<Record<string, unknown>>();

/** The `n` column of the first row `sql` returns (a `count(*) AS n`). */
export const count = async (sql: string, ...params: unknown[]) =>
  Number((await row(sql, ...params))?.n ?? 0);

/**
 * The officers' queue counters, per receiving desk, return desk, agency and status for the
 * dossiers in progress (queue_open_counts, migrations/0029) and without the status for the
 * closed ones (queue_closed_counts, migrations/0027), and a plain recount of the dossiers in the
 * same keys, without the keys at zero: equal when the triggers kept them right.
 */
export async function queueCountsAndRecount(): Promise<{
  counted: Record<string, number>;
  recounted: Record<string, number>;
}> {
  const keyed = (rows: { k: string; n: number }[]) =>
    Object.fromEntries(rows.filter((r) => r.n !== 0).map((r) => [r.k, r.n]));
  const [open, closed, recounted] = await env.DB.batch<{
    k: string;
    n: number;
  }>([
    env.DB.prepare(
      `SELECT desk_slug || '|' || return_desk_slug || '|' || agency_slug || '|' || status AS k, n
       FROM queue_open_counts`,
    ),
    env.DB.prepare(
      `SELECT desk_slug || '|' || return_desk_slug || '|' || agency_slug || '|closed' AS k, n
       FROM queue_closed_counts`,
    ),
    env.DB.prepare(
      `SELECT desk_slug || '|' || COALESCE(return_desk_slug, desk_slug) || '|' || agency_slug || '|'
         || CASE WHEN status IN ${statusList(TERMINAL_STATUSES)} THEN 'closed' ELSE status END AS k,
         count(*) AS n
       FROM dossiers GROUP BY k`,
    ),
  ]);
  return {
    counted: keyed([...(open?.results ?? []), ...(closed?.results ?? [])]),
    recounted: keyed(recounted?.results ?? []),
  };
}
