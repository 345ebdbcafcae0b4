import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { QUIET_ENV } from './server.ts';

/** Runs SQL on a local D1 directory with wrangler and returns the rows. */
export function queryLocal<T = Record<string, unknown>>(
  persistDir: string,
  sql: string,
  root = process.cwd(),
): T[] {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistDir, '--json', '--command', sql],
    { cwd: root, env: { ...process.env, ...QUIET_ENV }, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (result.status !== 0) throw new Error(`d1 execute failed:\n${result.stdout}${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { results: T[] }[];
  return parsed.flatMap((p) => p.results);
}

/**
 * Checks that dossier codes are unique and, per agency and day, numbered
 * 0001, 0002, … without gaps. Returns the problems found (empty when fine).
 */
export function codeProblems(codes: readonly string[]): string[] {
  const problems: string[] = [];
  if (new Set(codes).size !== codes.length) problems.push('duplicate dossier codes');
  const byPrefix = new Map<string, number[]>();
  for (const code of codes) {
    const match = /^(.*)-(\d{4})$/.exec(code);
    if (!match) {
      problems.push(`malformed code ${code}`);
      continue;
    }
    const list = byPrefix.get(match[1] as string) ?? [];
    list.push(Number(match[2]));
    byPrefix.set(match[1] as string, list);
  }
  for (const [prefix, numbers] of byPrefix) {
    const sorted = [...numbers].sort((a, b) => a - b);
    sorted.forEach((n, i) => {
      if (n !== i + 1) problems.push(`${prefix}: expected ${i + 1}, found ${n}`);
    });
  }
  return problems;
}
