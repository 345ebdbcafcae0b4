import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  ALLOWLIST,
  applyAllowlist,
  type Finding,
  formatFinding,
  isScannable,
  scanText,
} from './lib/secrets.ts';

/**
 * `npm run check:secrets`: scans every file git would commit (tracked files, and new
 * files that are not ignored) for secrets, and exits with 1 when it finds one. Secrets
 * go in `wrangler secret put` (production) or `.dev.vars` (local, ignored by git).
 */

/** The files git tracks or would add (ignored files such as .dev.vars are left out). */
export function repositoryFiles(cwd = process.cwd()): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(Boolean);
}

/** Scans the repository's files; unreadable (deleted, not yet staged) files are skipped. */
export function scanRepository(cwd = process.cwd()): Finding[] {
  const findings: Finding[] = [];
  for (const path of repositoryFiles(cwd)) {
    if (!isScannable(path)) continue;
    let text: string;
    try {
      text = readFileSync(`${cwd}/${path}`, 'utf8');
    } catch {
      continue;
    }
    findings.push(...scanText(path, text));
  }
  return findings;
}

if (import.meta.main) {
  const { findings, unused } = applyAllowlist(scanRepository(), ALLOWLIST);
  for (const f of findings) console.error(formatFinding(f));
  for (const a of unused)
    console.error(`Mục ngoại lệ không còn dùng (xóa khỏi ALLOWLIST): ${a.path} ${a.rule}`);
  if (findings.length > 0 || unused.length > 0) {
    console.error(
      `\nTìm thấy ${findings.length} chỗ nghi là bí mật. Đưa bí mật vào \`wrangler secret put\` (máy chủ) hoặc .dev.vars (máy cá nhân), không đưa vào kho mã.`,
    );
    process.exit(1);
  }
  console.log('Không tìm thấy bí mật nào trong các tệp của kho mã.');
}
