import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * Status codes in functions/db come from the domain (STATUS and its named groups in
 * src/domain/dossier/status.ts), interpolated or bound, never written as bare numbers:
 * a number in SQL does not say which status it means, and drifts when the domain changes.
 */

const BARE_STATUS = [
  // status = 10, finish_status <> 3, e.status >= 9
  /\b\w*status\s*(?:=|==|<>|!=|<=|>=|<|>)\s*\d/gi,
  // status IN (3, 7), status NOT IN (1
  /\b\w*status\s+(?:NOT\s+)?IN\s*\(\s*\d/gi,
  /\b\w*status\s+(?:NOT\s+)?BETWEEN\s+\d/gi,
  // a status list written as numbers: statuses: [1, 2]
  /\bstatuses\s*:\s*\[\s*\d/gi,
];

/** The bare status numbers in a source text, as `line: match`. */
function bareStatusNumbers(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    for (const re of BARE_STATUS) {
      for (const m of line.matchAll(re)) found.push(`${i + 1}: ${m[0]}`);
    }
  });
  return found;
}

describe('status numbers in functions/db', () => {
  test.each([
    ['SELECT 1 FROM status_events WHERE status = 10', true],
    ['WHERE d.status IN (3, 7, 8, 10)', true],
    ['AND status NOT IN (3, 7)', true],
    ['coalesce(sum(status IN (5, 6)), 0)', true],
    ['finish_status=3', true],
    ["moi: { label: 'Mới đăng ký', statuses: [1] },", true],
    ['WHERE status = ?2', false],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of an interpolation
    ['WHERE d.status IN ${statusList(CLOSED_STATUSES)}', false],
    ['statuses: [S.NEW]', false],
    ['status_events WHERE dossier_id = ?1', false],
  ])('%s → flagged %s', (line, flagged) => {
    expect(bareStatusNumbers(line).length > 0).toBe(flagged);
  });

  const dir = join(import.meta.dirname, '..', '..', 'functions', 'db');
  const files = readdirSync(dir).filter((n) => n.endsWith('.ts'));

  test.each(files)('functions/db/%s writes no status as a bare number', (name) => {
    expect(bareStatusNumbers(readFileSync(join(dir, name), 'utf8'))).toEqual([]);
  });
});
