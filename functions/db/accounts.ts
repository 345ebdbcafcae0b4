import type { PasswordHash } from '../../src/domain/auth/password.ts';
import type { Officer, Role } from '../../src/domain/auth/roles.ts';

/** SQL for officer accounts and sessions. */

/** Whether an account with this user name exists (any state). */
export async function usernameTaken(db: D1Database, username: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS taken FROM accounts WHERE username = ?1 COLLATE NOCASE')
    .bind(username)
    .first<{ taken: number }>();
  return row !== null;
}

interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencies: string;
  passwordHash: string | null;
  passwordSalt: string | null;
  passwordIterations: number | null;
  active: number;
  failedLogins: number;
  lockedUntil: number | null;
  mustChangePassword: number;
}

export interface Account extends Officer {
  password: PasswordHash | undefined;
  active: boolean;
  failedLogins: number;
  lockedUntil: number | undefined;
  /** Signed in with a one-time password: must choose a new one before getting a session. */
  mustChangePassword: boolean;
}

const COLUMNS = `id, username, display_name AS displayName, role, agencies, password_hash AS passwordHash,
  password_salt AS passwordSalt, password_iterations AS passwordIterations, active,
  failed_logins AS failedLogins, locked_until AS lockedUntil,
  must_change_password AS mustChangePassword`;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    agencies: JSON.parse(row.agencies) as string[],
    password:
      row.passwordHash && row.passwordSalt && row.passwordIterations
        ? { hash: row.passwordHash, salt: row.passwordSalt, iterations: row.passwordIterations }
        : undefined,
    active: row.active === 1,
    failedLogins: row.failedLogins,
    lockedUntil: row.lockedUntil ?? undefined,
    mustChangePassword: row.mustChangePassword === 1,
  };
}

export async function findAccountByUsername(
  db: D1Database,
  username: string,
): Promise<Account | undefined> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM accounts WHERE username = ?1`)
    .bind(username)
    .first<AccountRow>();
  return row ? toAccount(row) : undefined;
}

export async function findAccountById(db: D1Database, id: string): Promise<Account | undefined> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?1`)
    .bind(id)
    .first<AccountRow>();
  return row ? toAccount(row) : undefined;
}

export async function listAccounts(db: D1Database): Promise<Account[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY role, username`)
    .all<AccountRow>();
  return results.map(toAccount);
}

export async function insertAccount(
  db: D1Database,
  account: {
    id: string;
    username: string;
    displayName: string;
    role: Role;
    agencies: readonly string[];
    password?: PasswordHash;
    /** An initial password someone else chose: the officer must choose their own at sign-in. */
    mustChangePassword?: boolean;
  },
  now: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO accounts (id, username, display_name, role, agencies, password_hash, password_salt,
         password_iterations, created_at, updated_at, must_change_password)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)`,
    )
    .bind(
      account.id,
      account.username,
      account.displayName,
      account.role,
      JSON.stringify(account.agencies),
      account.password?.hash ?? null,
      account.password?.salt ?? null,
      account.password?.iterations ?? null,
      now,
      account.mustChangePassword ? 1 : 0,
    )
    .run();
}

/** Statements that set a password, clear the lockout and set or clear the must-change flag. */
export function setPasswordStatement(
  db: D1Database,
  id: string,
  password: PasswordHash,
  now: string,
  mustChange = false,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE accounts SET password_hash = ?2, password_salt = ?3, password_iterations = ?4,
         failed_logins = 0, locked_until = NULL, must_change_password = ?6, updated_at = ?5
       WHERE id = ?1`,
    )
    .bind(id, password.hash, password.salt, password.iterations, now, mustChange ? 1 : 0);
}

export async function setPassword(
  db: D1Database,
  id: string,
  password: PasswordHash,
  now: string,
): Promise<void> {
  await setPasswordStatement(db, id, password, now).run();
}

/** Ends every open session of an account. */
export function revokeSessionsStatement(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare(
      'UPDATE sessions SET revoked_at = unixepoch() WHERE account_id = ?1 AND revoked_at IS NULL',
    )
    .bind(id);
}

export async function setActive(
  db: D1Database,
  id: string,
  active: boolean,
  now: string,
): Promise<void> {
  await db.batch([
    db
      .prepare('UPDATE accounts SET active = ?2, updated_at = ?3 WHERE id = ?1')
      .bind(id, active ? 1 : 0, now),
    // Deactivating an account ends its sessions at once.
    ...(active ? [] : [revokeSessionsStatement(db, id)]),
  ]);
}

/** Records a failed login; locks the account after `maxFailures` in a row. */
export async function recordFailedLogin(
  db: D1Database,
  id: string,
  nowSeconds: number,
  maxFailures: number,
  lockSeconds: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE accounts SET failed_logins = failed_logins + 1,
         locked_until = CASE WHEN failed_logins + 1 >= ?3 THEN ?2 + ?4 ELSE locked_until END
       WHERE id = ?1`,
    )
    .bind(id, nowSeconds, maxFailures, lockSeconds)
    .run();
}

export async function clearFailedLogins(db: D1Database, id: string): Promise<void> {
  await db
    .prepare('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = ?1')
    .bind(id)
    .run();
}

export interface SessionRow {
  accountId: string;
  csrf: string;
  expiresAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
}

export async function insertSession(
  db: D1Database,
  s: { tokenHash: string; accountId: string; csrf: string; now: number; expiresAt: number },
): Promise<void> {
  await db
    .prepare(
      'INSERT INTO sessions (token_hash, account_id, csrf, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)',
    )
    .bind(s.tokenHash, s.accountId, s.csrf, s.now, s.expiresAt)
    .run();
}

export async function findSession(
  db: D1Database,
  tokenHash: string,
): Promise<SessionRow | undefined> {
  const row = await db
    .prepare(
      `SELECT account_id AS accountId, csrf, expires_at AS expiresAt, last_seen_at AS lastSeenAt, revoked_at AS revokedAt
       FROM sessions WHERE token_hash = ?1`,
    )
    .bind(tokenHash)
    .first<SessionRow>();
  return row ?? undefined;
}

export async function touchSession(db: D1Database, tokenHash: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1')
    .bind(tokenHash, now)
    .run();
}

export async function revokeSession(db: D1Database, tokenHash: string, now: number): Promise<void> {
  await db
    .prepare('UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL')
    .bind(tokenHash, now)
    .run();
}
