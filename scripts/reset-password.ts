/**
 * `npm run admin:reset-password -- --username <tên> [--persist-to <thư mục> | --remote]`
 *
 * For a locality whose only administrator forgot the password: sets a new password for
 * the account, read from ADMIN_PASSWORD, or generates a one-time password and prints it
 * (the officer then chooses a new one at the next sign-in). Clears the lockout, ends the
 * account's sessions and writes the reset to the audit trail (never the password).
 * Writes like `admin:create`: locally to the D1 database `npm start` uses, with --remote
 * to the Cloudflare database (after `wrangler login`).
 */
import { parseArgs } from 'node:util';
import { checkNewPassword, hashPassword } from '../src/domain/auth/password.ts';
import { oneTimePassword } from '../functions/services/passwords.ts';
import { d1, fail, quote, USERNAME } from './lib/admin-account.ts';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

const username = values.username?.trim() ?? '';
if (!USERNAME.test(username)) fail('Cần --username của một tài khoản có sẵn.');

const given = process.env.ADMIN_PASSWORD ?? '';
const problem = given ? checkNewPassword(given, username) : undefined;
if (problem) fail(problem);
const password = given || oneTimePassword();

const found = d1(values, `SELECT id FROM accounts WHERE username = ${quote(username)};`, true);
if (!found.ok) fail(`Không đọc được tài khoản:\n${found.output}`);
const rows = (JSON.parse(found.output) as { results: { id: string }[] }[])[0]?.results ?? [];
const id = rows[0]?.id;
if (!id) fail(`Không có tài khoản "${username}".`);

const hash = await hashPassword(password);
const now = new Date().toISOString();
const sql = `UPDATE accounts SET password_hash = ${quote(hash.hash)}, password_salt = ${quote(hash.salt)}, password_iterations = ${hash.iterations},
  failed_logins = 0, locked_until = NULL, must_change_password = ${given ? 0 : 1}, updated_at = ${quote(now)} WHERE id = ${quote(id)};
UPDATE sessions SET revoked_at = unixepoch() WHERE account_id = ${quote(id)} AND revoked_at IS NULL;
INSERT INTO audit_events (at, actor, action, target, detail) VALUES (${quote(now)}, 'cli', 'password-reset', ${quote(username)}, 'admin:reset-password');`;
const result = d1(values, sql);
if (!result.ok) fail(`Không đặt lại được mật khẩu:\n${result.output}`);
console.log(`✓ Đã đặt lại mật khẩu của "${username}". Đăng nhập tại /can-bo/dang-nhap.`);
if (!given)
  console.log(
    `Mật khẩu dùng một lần (chỉ hiện lần này; khi đăng nhập phải chọn mật khẩu mới):\n${password}`,
  );
