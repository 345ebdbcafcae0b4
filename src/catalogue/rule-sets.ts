import type { RuleSet } from '../domain/rules/select.ts';
import { asRuleSet, type RuleSetFile } from '../schemas/rule-set.ts';
import type { ContentIssue } from './issues.ts';
import type { ParsedFile } from './parse.ts';

/** One content/rules/<id>.yaml after its own schema check. */
export interface CheckedRuleSetFile {
  rel: string;
  display: string;
  value?: RuleSetFile | undefined;
  parsed?: ParsedFile | undefined;
}

const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const vn = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * The checks across rule-set files: each is named after its id, and together they cover the
 * calendar without overlap or gap from the first set on (only the last set may stay open).
 * Returns the sets sorted by effective date; problems go to `issues`.
 */
export function checkRuleSets(
  files: readonly CheckedRuleSetFile[],
  issues: ContentIssue[],
): RuleSet[] {
  if (files.length === 0) {
    issues.push({
      file: 'content/rules/',
      path: [],
      message: 'chưa có bộ quy định nào (no rule set)',
      fix: 'Thêm ít nhất một tệp content/rules/<mã>.yaml, ví dụ chép content/rules/2025.yaml từ bản mẫu của dự án.',
    });
    return [];
  }
  const sets: { set: RuleSet; parsed: ParsedFile | undefined }[] = [];
  for (const file of files) {
    if (!file.value) continue;
    const named = file.rel.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
    if (named !== file.value.id) {
      issues.push({
        file: file.display,
        line: file.parsed?.lineOf(['id']),
        path: ['id'],
        label: 'Mã bộ quy định',
        message: `tệp ${named}.yaml ghi mã "${file.value.id}" (id does not match file name)`,
        fix: `Đổi tên tệp thành ${file.value.id}.yaml hoặc sửa id thành "${named}".`,
      });
      continue;
    }
    sets.push({ set: asRuleSet(file.value, file.display), parsed: file.parsed });
  }
  sets.sort((a, b) => a.set.effectiveFrom.date.localeCompare(b.set.effectiveFrom.date));
  sets.forEach(({ set, parsed }, i) => {
    const next = sets[i + 1]?.set;
    if (!next) return;
    const at = (message: string, fix: string) =>
      issues.push({
        file: set.source ?? '',
        line: parsed?.lineOf(['effectiveTo']),
        path: ['effectiveTo'],
        label: 'Hết hiệu lực sau ngày',
        message,
        fix,
      });
    const expected = `ngày ${vn(previousDay(next.effectiveFrom.date))}`;
    if (!set.effectiveTo) {
      at(
        `bộ quy định không có ngày hết hiệu lực nhưng bộ "${next.id}" (${next.source}) bắt đầu từ ${vn(next.effectiveFrom.date)} (overlapping rule sets)`,
        `Ghi effectiveTo: ${expected}, ngày trước ngày bắt đầu của bộ sau.`,
      );
    } else if (set.effectiveTo.date >= next.effectiveFrom.date) {
      at(
        `bộ quy định còn hiệu lực đến ${vn(set.effectiveTo.date)}, trùng với bộ "${next.id}" bắt đầu từ ${vn(next.effectiveFrom.date)} (overlapping rule sets)`,
        `Sửa effectiveTo thành ${expected}.`,
      );
    } else if (nextDay(set.effectiveTo.date) !== next.effectiveFrom.date) {
      at(
        `từ ${vn(nextDay(set.effectiveTo.date))} đến trước ${vn(next.effectiveFrom.date)} không có bộ quy định nào (gap between rule sets)`,
        `Sửa effectiveTo thành ${expected}, hoặc sửa ngày bắt đầu của bộ "${next.id}".`,
      );
    }
  });
  return sets.map((s) => s.set);
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
