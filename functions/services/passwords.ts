import { checkNewPassword, hashPassword, verifyPassword } from '../../src/domain/auth/password.ts';
import type { Officer } from '../../src/domain/auth/roles.ts';
import {
  type Account,
  findAccountById,
  revokeSessionsStatement,
  setPasswordStatement,
} from '../db/accounts.ts';
import { auditStatement } from '../db/audit.ts';

/**
 * Password resets and changes (issue 14). An administrator resets another officer's
 * password to a random one-time password, shown once; the account's sessions end, its
 * lockout is cleared, and it must choose a new password at the next sign-in. Neither
 * password ever goes into the audit trail.
 */

/** No 0/O, 1/l/I: read aloud or copied from a screen without mistakes. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ONE_TIME_LENGTH = 16;

/** A random one-time password (16 characters, about 93 bits), grouped by 4 for reading. */
export function oneTimePassword(): string {
  const out: string[] = [];
  while (out.length < ONE_TIME_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      // Rejection sampling keeps every character equally likely.
      if (b < 256 - (256 % ALPHABET.length) && out.length < ONE_TIME_LENGTH)
        out.push(ALPHABET[b % ALPHABET.length] as string);
    }
  }
  return out.join('').replace(/(.{4})(?=.)/g, '$1-');
}

export type ResetResult =
  | { ok: true; username: string; password: string }
  | { ok: false; status: 404 | 422; message: string };

export async function resetOfficerPassword(
  db: D1Database,
  admin: Officer,
  targetId: string,
  client: string | undefined,
  at: string,
): Promise<ResetResult> {
  if (targetId === admin.id)
    return {
      ok: false,
      status: 422,
      message:
        'Không tự đặt lại mật khẩu của tài khoản đang dùng: đổi mật khẩu tại trang Đổi mật khẩu.',
    };
  const account = await findAccountById(db, targetId);
  if (!account) return { ok: false, status: 404, message: 'Không có tài khoản này' };
  const password = oneTimePassword();
  await db.batch([
    setPasswordStatement(db, account.id, await hashPassword(password), at, true),
    revokeSessionsStatement(db, account.id),
    auditStatement(
      db,
      { actor: admin.id, action: 'password-reset', target: account.username, client },
      at,
    ),
  ]);
  return { ok: true, username: account.username, password };
}

/** A problem with a field of the change-password form (`mat-khau-moi`, `nhap-lai`). */
export interface PasswordProblem {
  name: 'mat-khau-moi' | 'nhap-lai';
  message: string;
}

/**
 * Everything wrong with a new password and its confirmation, all at once (issue 14):
 * too short or containing the user name, and a confirmation that differs.
 */
export function newPasswordProblems(
  username: string,
  next: string,
  repeated: string,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const weak = next ? checkNewPassword(next, username) : 'Cần nhập mật khẩu mới';
  if (weak) problems.push({ name: 'mat-khau-moi', message: weak });
  if (!repeated) problems.push({ name: 'nhap-lai', message: 'Cần nhập lại mật khẩu mới' });
  else if (next !== repeated)
    problems.push({ name: 'nhap-lai', message: 'Hai lần nhập mật khẩu mới không khớp' });
  return problems;
}

/**
 * An officer chooses a new password (who they are already proven: the current password
 * verified, or a session opened with the one-time password): every problem with it, or
 * none once it is set, the must-change flag cleared, every session ended (the caller opens
 * a new one) and the change audited.
 */
export async function changeOwnPassword(
  db: D1Database,
  account: Account,
  next: string,
  repeated: string,
  client: string | undefined,
  at: string,
): Promise<PasswordProblem[]> {
  const problems = newPasswordProblems(account.username, next, repeated);
  if (
    !problems.some((p) => p.name === 'mat-khau-moi') &&
    account.password &&
    (await verifyPassword(next, account.password))
  )
    problems.unshift({ name: 'mat-khau-moi', message: 'Mật khẩu mới cần khác mật khẩu hiện tại' });
  if (problems.length > 0) return problems;
  await db.batch([
    setPasswordStatement(db, account.id, await hashPassword(next), at, false),
    revokeSessionsStatement(db, account.id),
    auditStatement(db, { actor: account.id, action: 'password-changed', client }, at),
  ]);
  return [];
}
