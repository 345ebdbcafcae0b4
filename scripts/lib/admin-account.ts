/**
 * What `admin:create` and `admin:reset-password` share: reading the password (no echo,
 * or ADMIN_PASSWORD), quoting SQL literals, and running SQL through Wrangler against
 * the local database (optionally --persist-to) or the Cloudflare one (--remote).
 */
import { spawnSync } from 'node:child_process';
import { stdin, stdout } from 'node:process';
import { fileURLToPath } from 'node:url';

export function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

export const USERNAME = /^[a-z0-9._@-]{3,60}$/i;

export const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

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

/** ADMIN_PASSWORD, or asked twice without echo (on a terminal). */
export async function askPassword(): Promise<string> {
  const password = process.env.ADMIN_PASSWORD ?? '';
  if (password) return password;
  if (!stdin.isTTY) fail('Đặt mật khẩu qua biến ADMIN_PASSWORD khi chạy không có bàn phím.');
  const typed = await ask('Mật khẩu (ít nhất 12 ký tự): ');
  if ((await ask('Nhập lại mật khẩu: ')) !== typed) fail('Hai lần nhập mật khẩu không khớp.');
  return typed;
}

export interface Where {
  remote?: boolean | undefined;
  'persist-to'?: string | undefined;
}

/** Applies the migrations, then runs `sql`; returns Wrangler's output, or fails. */
export function d1(where: Where, sql: string, json = false): { ok: boolean; output: string } {
  const args = where.remote
    ? ['--remote']
    : ['--local', ...(where['persist-to'] ? ['--persist-to', where['persist-to']] : [])];
  const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };
  // Run Wrangler with this Node (the project's), not whatever `node` is first on PATH.
  const wrangler = fileURLToPath(
    new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url),
  );
  const run = (a: string[]) => {
    const r = spawnSync(process.execPath, [wrangler, ...a], { env, encoding: 'utf8' });
    return {
      ok: r.status === 0,
      stdout: r.stdout ?? '',
      output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
    };
  };
  const migrate = run(['d1', 'migrations', 'apply', 'DB', ...args]);
  if (!migrate.ok) fail(`Không áp dụng được migration:\n${migrate.output}`);
  const result = run([
    'd1',
    'execute',
    'DB',
    ...args,
    ...(json ? ['--json'] : []),
    '--command',
    sql,
  ]);
  return { ok: result.ok, output: json && result.ok ? result.stdout : result.output };
}
