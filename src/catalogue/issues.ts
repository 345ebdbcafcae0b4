/** One problem in one content file, worded for a civil servant. */
export interface ContentIssue {
  /** Path relative to the repository root, e.g. `content/procedures/dang-ky-khai-sinh.md`. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number | undefined;
  /** Path of the field inside the file, e.g. `['fees', 0, 'amount']`. */
  path: PropertyKey[];
  /** Vietnamese label of the field path, e.g. "Phí, lệ phí › mục 1 › Mức thu (đồng)". */
  label?: string;
  /** What is wrong, with the English term in brackets for developers. */
  message: string;
  /** How to fix it. */
  fix?: string;
}

/** Thrown when the catalogue cannot be built; `message` is the full friendly report. */
export class ContentError extends Error {
  readonly issues: ContentIssue[];
  constructor(issues: ContentIssue[]) {
    super(formatIssues(issues));
    this.name = 'ContentError';
    this.issues = issues;
  }
}

/** Dotted path as developers write it: `fees[0].amount`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** Renders issues grouped by file, in Vietnamese, one block per problem. */
export function formatIssues(issues: readonly ContentIssue[]): string {
  const byFile = new Map<string, ContentIssue[]>();
  for (const issue of issues) {
    const list = byFile.get(issue.file) ?? [];
    list.push(issue);
    byFile.set(issue.file, list);
  }
  const files = byFile.size;
  const lines = [
    `Nội dung có ${issues.length} lỗi trong ${files} tệp (content validation failed). Sửa các lỗi dưới đây rồi chạy lại.`,
  ];
  for (const [file, list] of byFile) {
    for (const issue of list) {
      lines.push('');
      lines.push(`✗ ${file}${issue.line ? `, dòng ${issue.line}` : ''}`);
      if (issue.path.length > 0) {
        const label = issue.label ? `${issue.label} ` : '';
        lines.push(`  Trường: ${label}(${dottedPath(issue.path)})`);
      }
      lines.push(`  Lỗi: ${issue.message}`);
      if (issue.fix) lines.push(`  Cách sửa: ${issue.fix}`);
    }
  }
  return lines.join('\n');
}
