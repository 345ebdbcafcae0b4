/**
 * `npm run admin:create -- --username <tên> --name "<Họ tên>" [--remote]`
 *
 * Creates the first administrator account (there is no default password). The
 * password is asked twice without echo, or read from ADMIN_PASSWORD for scripts.
 * Locally it writes to the D1 database `npm start` uses; with --remote to the
 * Cloudflare database (after `wrangler login`).
 */
import { spawnSync } from 'node:child_process';
import { stdin, stdout } from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkNewPassword, hashPassword } from '../src/domain/auth/password.ts';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

const username = values.username?.trim() ?? '';
if (!/^[a-z0-9._-]{3,60}$/i.test(username))
  fail('Cần --username gồm 3–60 chữ không dấu, số, dấu chấm hoặc gạch.');
const displayName = values.name?.trim() || 'Quản trị hệ thống';

function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    stdout.write(question);
    let value = '';
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode?.(false);
          stdin.pause();
          stdin.off('data', onData);
          stdout.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
  if (!stdin.isTTY) fail('Đặt mật khẩu qua biến ADMIN_PASSWORD khi chạy không có bàn phím.');
  password = await ask('Mật khẩu (ít nhất 12 ký tự): ');
  if ((await ask('Nhập lại mật khẩu: ')) !== password) fail('Hai lần nhập mật khẩu không khớp.');
}
const problem = checkNewPassword(password, username);
if (problem) fail(problem);

const hash = await hashPassword(password);
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const now = new Date().toISOString();
const sql = `INSERT INTO accounts (id, username, display_name, role, agencies, password_hash, password_salt, password_iterations, created_at, updated_at)
VALUES (${quote(crypto.randomUUID())}, ${quote(username)}, ${quote(displayName)}, 'admin', '[]', ${quote(hash.hash)}, ${quote(hash.salt)}, ${hash.iterations}, ${quote(now)}, ${quote(now)});`;

const where = values.remote
  ? ['--remote']
  : ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])];
const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };
// Run Wrangler with this Node (the project's), not whatever `node` is first on PATH.
const wrangler = fileURLToPath(
  new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url),
);
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [wrangler, ...args], { env, encoding: 'utf8' });
  return {
    status: r.status,
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
  };
};
const migrate = run(['d1', 'migrations', 'apply', 'DB', ...where]);
if (migrate.status !== 0) fail(`Không áp dụng được migration:\n${migrate.output}`);
const result = run(['d1', 'execute', 'DB', ...where, '--command', sql]);
if (result.status !== 0) {
  const { output } = result;
  fail(
    /UNIQUE/.test(output)
      ? `Tên đăng nhập "${username}" đã có.`
      : `Không tạo được tài khoản:\n${output}`,
  );
}
console.log(`✓ Đã tạo tài khoản quản trị "${username}". Đăng nhập tại /can-bo/dang-nhap.`);
