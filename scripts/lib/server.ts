import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Serves a built site with `wrangler dev` (the same runtime `npm start` uses) on
 * a free port with a fresh local D1 and the migrations applied. Used by the
 * browser tests and the benchmarks.
 */
export interface RunningServer {
  baseURL: string;
  persistDir: string;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; the persisted data stays for a restart. */
  kill(): void;
}

export const QUIET_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  ASTRO_TELEMETRY_DISABLED: '1',
  NO_COLOR: '1',
  CI: '1',
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`wrangler dev did not answer ${url} within 90 s:\n${log()}`);
}

export interface StartOptions {
  /** Project root holding dist/ (default: the current directory). */
  root?: string;
  /** Reuse a persisted D1 directory (for restart tests); a fresh one otherwise. */
  persistDir?: string;
  vars?: Record<string, string>;
  /** The port to listen on (default: a free one), when it must be known in advance. */
  port?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const root = options.root ?? process.cwd();
  if (!existsSync(join(root, 'dist', 'server', 'wrangler.json'))) {
    throw new Error(`${root}/dist is missing: run \`npm run build\` first (npm test does).`);
  }
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'mot-cua-d1-'));
  const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
  const env = { ...process.env, ...QUIET_ENV };
  const migrate = spawnSync(
    wrangler,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir],
    { cwd: root, env, encoding: 'utf8' },
  );
  if (migrate.status !== 0)
    throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);

  const port = options.port ?? (await freePort());
  let output = '';
  const varArgs = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    wrangler,
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      persistDir,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      ...varArgs,
    ],
    { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const baseURL = `http://127.0.0.1:${port}`;
  await waitFor(`${baseURL}/api/health`, child, () => output);
  const signal = (sig: NodeJS.Signals) => {
    if (!child.pid) return;
    try {
      // The whole process group: wrangler leaves workerd running otherwise.
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  return {
    baseURL,
    persistDir,
    output: () => output,
    kill: () => signal('SIGKILL'),
    stop: async () => {
      signal('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      signal('SIGKILL');
      if (!options.persistDir) rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
