import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUIET_ENV } from './server.ts';

/**
 * Runs wrangler's D1 commands for the backup and restore scripts (and their test):
 * export, execute a file, query as JSON, against the local database `npm start` uses,
 * another local directory (`--persist-to`), or the Cloudflare database (`--remote`).
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');

/** Where the database is: local (optionally another persist directory) or remote. */
export type Target = { remote: true } | { remote: false; persistTo?: string | undefined };

export function wrangler(args: string[], cwd = ROOT): string {
  const result = spawnSync(WRANGLER, args, {
    cwd,
    env: { ...process.env, ...QUIET_ENV },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `wrangler ${args.slice(0, 3).join(' ')} failed:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

const targetArgs = (target: Target): string[] =>
  target.remote
    ? ['--remote']
    : ['--local', ...(target.persistTo ? ['--persist-to', resolve(target.persistTo)] : [])];

/**
 * `wrangler d1 export` has no `--persist-to` (4.164): it reads `.wrangler/state` next to
 * the configuration file. For another directory, a temporary configuration with the same
 * D1 binding is written next to a `.wrangler/state` link to that directory.
 */
function configFor(persistTo: string): { config: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-export-'));
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const block = /\[\[d1_databases\]\][\s\S]*?(?=\n\[|$)/.exec(toml)?.[0];
  if (!block) throw new Error('wrangler.toml has no [[d1_databases]]');
  const d1 = block.replace(
    /migrations_dir\s*=\s*"([^"]*)"/,
    (_m, path: string) => `migrations_dir = ${JSON.stringify(resolve(ROOT, path))}`,
  );
  writeFileSync(join(dir, 'wrangler.toml'), `name = "mot-cua-export"\n\n${d1}\n`);
  mkdirSync(join(dir, '.wrangler'));
  symlinkSync(resolve(persistTo), join(dir, '.wrangler', 'state'));
  return { config: join(dir, 'wrangler.toml'), cleanup: () => rmSync(dir, { recursive: true }) };
}

/** Exports the database DB (schema and rows) to a SQL file, as wrangler writes it. */
export function exportDatabase(target: Target, output: string): void {
  if (!target.remote && target.persistTo) {
    const { config, cleanup } = configFor(target.persistTo);
    try {
      wrangler(['d1', 'export', 'DB', '--local', '--config', config, '--output', resolve(output)]);
    } finally {
      cleanup();
    }
    return;
  }
  wrangler(['d1', 'export', 'DB', ...targetArgs(target), '--output', resolve(output), '-y']);
}

/** Applies a SQL file to the database DB. */
export function executeFile(target: Target, file: string): void {
  wrangler(['d1', 'execute', 'DB', ...targetArgs(target), '--file', resolve(file), '-y']);
}

/** Runs SQL (one or more statements) and returns each statement's rows. */
export function query<T = Record<string, unknown>>(target: Target, sql: string): T[][] {
  const out = wrangler(['d1', 'execute', 'DB', ...targetArgs(target), '--command', sql, '--json']);
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results: T[] }[];
  return parsed.map((r) => r.results);
}

/**
 * The database's schema objects (name → TABLE, VIEW, INDEX or TRIGGER, without SQLite's and
 * Cloudflare's own) and the rows of the named tables, in one wrangler call (each call starts
 * wrangler and Miniflare: about two seconds of CPU). One statement per table: D1 limits
 * compound SELECTs.
 */
export function describeDatabase(
  target: Target,
  names: readonly string[],
): { objects: Map<string, string>; rows: Map<string, number> } {
  const counts = names.map(
    (t) => `SELECT '${t.replace(/'/g, "''")}' AS t, count(*) AS n FROM "${t.replace(/"/g, '""')}"`,
  );
  const [objects = [], ...rows] = query<Record<string, string | number>>(
    target,
    [
      "SELECT name, upper(type) AS type FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
      ...counts,
    ].join('; '),
  );
  return {
    objects: new Map(objects.map((r) => [String(r.name), String(r.type)])),
    rows: new Map(rows.flat().map((r) => [String(r.t), Number(r.n)])),
  };
}
