import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
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
  /**
   * The path polled until the server answers (default /api/health). A static file leaves the
   * Worker's isolate untouched, for benchmarks that time its first request (bench:worker).
   */
  readyPath?: string;
  /**
   * wrangler dev's inspector port (Chrome DevTools Protocol, `/core:user:<worker name>` is the
   * Worker's isolate); none when not given.
   */
  inspectorPort?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const root = options.root ?? process.cwd();
  if (!existsSync(join(root, 'dist', 'server', 'wrangler.json'))) {
    throw new Error(`${root}/dist is missing: run \`npm run build\` first (npm test does).`);
  }
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'mot-cua-d1-'));
  const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
  const env = { ...process.env, ...QUIET_ENV };
  const empty = !existsSync(persistDir) || readdirSync(persistDir).length === 0;
  if (empty) cpSync(migratedTemplate(root), persistDir, { recursive: true });
  else {
    // A database kept from an earlier run (a restart): migrate it as `npm start` does.
    const migrate = spawnSync(
      wrangler,
      ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir],
      { cwd: root, env, encoding: 'utf8' },
    );
    if (migrate.status !== 0)
      throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  }

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
      ...(options.inspectorPort ? ['--inspector-port', String(options.inspectorPort)] : []),
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
  await waitFor(`${baseURL}${options.readyPath ?? '/api/health'}`, child, () => output);
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

/**
 * A local D1 directory with every migration applied by `wrangler d1 migrations apply`
 * (as `npm start` runs it), made once per set of migrations and wrangler version and kept
 * in the temporary directory; each fresh server gets a copy. Applying the migrations costs
 * about ten seconds of CPU per database, copying the files a few milliseconds
 * (docs/adr/0023-test-budget.md).
 */
export function migratedTemplate(root = process.cwd()): string {
  const migrations = join(root, 'migrations');
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'node_modules', 'wrangler', 'package.json')));
  hash.update(readFileSync(join(root, 'wrangler.toml')));
  for (const name of readdirSync(migrations).sort()) {
    hash.update(name);
    hash.update(readFileSync(join(migrations, name)));
  }
  const template = join(tmpdir(), `mot-cua-d1-migrated-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(template)) return template;
  const work = mkdtempSync(join(tmpdir(), 'mot-cua-d1-migrating-'));
  const migrate = spawnSync(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', work],
    { cwd: root, env: { ...process.env, ...QUIET_ENV }, encoding: 'utf8' },
  );
  if (migrate.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);
  }
  try {
    // Atomic: another process making the same template at the same time keeps its own.
    renameSync(work, template);
  } catch {
    rmSync(work, { recursive: true, force: true });
  }
  return template;
}
