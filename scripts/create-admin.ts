/**
 * `npm run admin:create -- --username <tên> --name "<Họ tên>" [--remote]`
 *
 * Creates the first administrator account (there is no default password). The
 * password is asked twice without echo, or read from ADMIN_PASSWORD for scripts.
 * Locally it writes to the D1 database `npm start` uses; with --remote to the
 * Cloudflare database (after `wrangler login`).
 */
import { parseArgs } from 'node:util';
import { checkNewPassword, hashPassword } from '../src/domain/auth/password.ts';
import { askPassword, d1, fail, quote } from './lib/admin-account.ts';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

const username = values.username?.trim() ?? '';
if (!/^[a-z0-9._-]{3,60}$/i.test(username))
  fail('Cần --username gồm 3–60 chữ không dấu, số, dấu chấm hoặc gạch.');
const displayName = values.name?.trim() || 'Quản trị hệ thống';

const password = await askPassword();
const problem = checkNewPassword(password, username);
if (problem) fail(problem);

const hash = await hashPassword(password);
const now = new Date().toISOString();
const sql = `INSERT INTO accounts (id, username, display_name, role, agencies, password_hash, password_salt, password_iterations, created_at, updated_at)
VALUES (${quote(crypto.randomUUID())}, ${quote(username)}, ${quote(displayName)}, 'admin', '[]', ${quote(hash.hash)}, ${quote(hash.salt)}, ${hash.iterations}, ${quote(now)}, ${quote(now)});`;

const result = d1(values, sql);
if (!result.ok) {
  const { output } = result;
  fail(
    /UNIQUE/.test(output)
      ? `Tên đăng nhập "${username}" đã có.`
      : `Không tạo được tài khoản:\n${output}`,
  );
}
console.log(`✓ Đã tạo tài khoản quản trị "${username}". Đăng nhập tại /can-bo/dang-nhap.`);
