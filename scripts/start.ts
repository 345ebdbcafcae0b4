/**
 * `npm start`: the whole portal on this machine, offline. Builds the site, applies the
 * migrations to the local D1, starts the local test OpenID provider (a demo citizen,
 * "máy chủ định danh thử nghiệm, không phải VNeID"; scripts/lib/dev-idp.ts) on the address
 * wrangler.toml's OIDC_ISSUER names, then `wrangler dev`. Ctrl+C stops both: wrangler by its
 * own process group, the provider in this process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { DEMO_CITIZEN, startDevIdp } from './lib/dev-idp.ts';
import { QUIET_ENV } from './lib/server.ts';

const port = process.env.PORT ?? '8787';
/** Where wrangler.toml's OIDC_ISSUER points (http://127.0.0.1:8790). */
const IDP_PORT = 8790;
const CLIENT_ID = 'mot-cua-may-nay';
// Quiet and offline as the tests run it, but with wrangler's colours and key shortcuts.
const env: NodeJS.ProcessEnv = { ...process.env, ...QUIET_ENV };
delete env.CI;
delete env.NO_COLOR;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, CI: 'true' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npm', ['run', 'build']);
run('npm', ['run', 'db:migrate']);

const idp = await startDevIdp({
  port: IDP_PORT,
  clientId: CLIENT_ID,
  redirectUris: [`http://127.0.0.1:${port}/dang-nhap/ve`, `http://localhost:${port}/dang-nhap/ve`],
});
console.log(
  `Máy chủ định danh thử nghiệm (không phải VNeID) tại ${idp.issuer}: đăng nhập trên cổng với công dân thử nghiệm "${DEMO_CITIZEN.fullName}".`,
);

const wrangler = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', port], {
  stdio: 'inherit',
  env,
  detached: true,
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (wrangler.pid && wrangler.exitCode === null) {
    try {
      // wrangler's own process group: it leaves workerd running otherwise.
      process.kill(-wrangler.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await idp.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
wrangler.on('exit', (code) => void stop(code ?? 0));
