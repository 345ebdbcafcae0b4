import type { OwnedDossier } from '../../src/domain/auth/citizen.ts';
import type { StatusCode } from '../../src/domain/dossier/status.ts';

/**
 * SQL for citizen sign-in (migrations/0019, docs/adr/0016-citizen-sign-in.md): sign-ins
 * under way, sessions, and the dossiers a signed-in citizen owns.
 */

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  nextPath: string;
}

/** Records a sign-in under way, and deletes those that expired unused (abandoned at the provider). */
export async function insertLogin(
  db: D1Database,
  tokenHash: string,
  login: PendingLogin,
  now: number,
  expiresAt: number,
): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM citizen_logins WHERE expires_at <= ?1').bind(now),
    db
      .prepare(
        `INSERT INTO citizen_logins (token_hash, state, nonce, code_verifier, next_path, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
      )
      .bind(tokenHash, login.state, login.nonce, login.codeVerifier, login.nextPath, expiresAt),
  ]);
}

/** Takes a sign-in under way: returned once, then gone (a replayed return finds nothing). */
export async function takeLogin(
  db: D1Database,
  tokenHash: string,
  now: number,
): Promise<PendingLogin | undefined> {
  const row = await db
    .prepare(
      `DELETE FROM citizen_logins WHERE token_hash = ?1
       RETURNING state, nonce, code_verifier, next_path, expires_at`,
    )
    .bind(tokenHash)
    .first<{
      state: string;
      nonce: string;
      code_verifier: string;
      next_path: string;
      expires_at: number;
    }>();
  if (!row || row.expires_at <= now) return undefined;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    nextPath: row.next_path,
  };
}

export interface CitizenSessionRow {
  subject: string;
  fullName: string | null;
  idNumber: string | null;
  birthDate: string | null;
  csrf: string;
  expiresAt: number;
}

/** Opens a session, and deletes the expired sessions of everyone. */
export async function insertCitizenSession(
  db: D1Database,
  tokenHash: string,
  session: CitizenSessionRow,
  now: number,
): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM citizen_sessions WHERE expires_at <= ?1').bind(now),
    db
      .prepare(
        `INSERT INTO citizen_sessions (token_hash, subject, full_name, id_number, birth_date, csrf,
           created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      )
      .bind(
        tokenHash,
        session.subject,
        session.fullName,
        session.idNumber,
        session.birthDate,
        session.csrf,
        now,
        session.expiresAt,
      ),
  ]);
}

export async function findCitizenSession(
  db: D1Database,
  tokenHash: string,
  now: number,
): Promise<CitizenSessionRow | undefined> {
  const row = await db
    .prepare(
      `SELECT subject, full_name, id_number, birth_date, csrf, expires_at
       FROM citizen_sessions WHERE token_hash = ?1 AND expires_at > ?2`,
    )
    .bind(tokenHash, now)
    .first<{
      subject: string;
      full_name: string | null;
      id_number: string | null;
      birth_date: string | null;
      csrf: string;
      expires_at: number;
    }>();
  return row
    ? {
        subject: row.subject,
        fullName: row.full_name,
        idNumber: row.id_number,
        birthDate: row.birth_date,
        csrf: row.csrf,
        expiresAt: row.expires_at,
      }
    : undefined;
}

export async function deleteCitizenSession(db: D1Database, tokenHash: string): Promise<void> {
  await db.prepare('DELETE FROM citizen_sessions WHERE token_hash = ?1').bind(tokenHash).run();
}

/**
 * Records who owns a dossier. A dossier already owned keeps its owner; returns the owner's
 * subject after the call (the given one, or the one it already had).
 */
export async function claimDossier(
  db: D1Database,
  dossierId: string,
  subject: string,
  how: 'filed' | 'claimed',
  at: string,
): Promise<string | undefined> {
  await db
    .prepare(
      `INSERT INTO dossier_owners (dossier_id, subject, how, at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (dossier_id) DO NOTHING`,
    )
    .bind(dossierId, subject, how, at)
    .run();
  const row = await db
    .prepare('SELECT subject FROM dossier_owners WHERE dossier_id = ?1')
    .bind(dossierId)
    .first<{ subject: string }>();
  return row?.subject;
}

/** The dossiers of a subject, newest first. */
export async function ownedDossiers(
  db: D1Database,
  subject: string,
  limit = 200,
): Promise<OwnedDossier[]> {
  const { results } = await db
    .prepare(
      `SELECT d.code, d.procedure_title, d.status, d.received_at, d.due_date, o.how,
         EXISTS (SELECT 1 FROM result_files r WHERE r.dossier_id = d.id AND r.replaced_at IS NULL) AS has_result
       FROM dossier_owners o JOIN dossiers d ON d.id = o.dossier_id
       WHERE o.subject = ?1 ORDER BY d.received_at DESC, d.code DESC LIMIT ?2`,
    )
    .bind(subject, limit)
    .all<{
      code: string;
      procedure_title: string;
      status: StatusCode;
      received_at: string;
      due_date: string;
      how: 'filed' | 'claimed';
      has_result: number;
    }>();
  return results.map((r) => ({
    code: r.code,
    procedureTitle: r.procedure_title,
    status: r.status,
    receivedAt: r.received_at,
    dueDate: r.due_date,
    how: r.how,
    hasResult: r.has_result === 1,
  }));
}

/** The dossier with this code, if it is in the citizen's "Hồ sơ của tôi". */
export async function ownedDossier(
  db: D1Database,
  subject: string,
  code: string,
): Promise<{ id: string; code: string } | undefined> {
  const row = await db
    .prepare(
      `SELECT d.id, d.code FROM dossier_owners o JOIN dossiers d ON d.id = o.dossier_id
       WHERE o.subject = ?1 AND d.code = ?2`,
    )
    .bind(subject, code)
    .first<{ id: string; code: string }>();
  return row ?? undefined;
}
