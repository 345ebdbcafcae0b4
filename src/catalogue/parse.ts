import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { ContentIssue } from './issues.ts';

/** Parsed YAML (or Markdown frontmatter) with a way back to source lines. */
export interface ParsedFile {
  data: unknown;
  body: string;
  /** 1-based line where the Markdown body starts (1 for YAML files). */
  bodyStartLine: number;
  /** 1-based source line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

const FRONTMATTER_RE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const THOUSANDS_RE = /^[+-]?\d{1,3}(?:[.,]\d{3})+$/;

/**
 * Parses a YAML file, or a Markdown file whose YAML frontmatter sits between two
 * `---` lines. Syntax problems come back as issues, never as exceptions.
 */
export function parseContentFile(
  file: string,
  source: string,
  kind: 'yaml' | 'markdown',
): { parsed?: ParsedFile; issues: ContentIssue[] } {
  let yamlText = source;
  let body = '';
  let lineOffset = 0;
  const text = source.replace(/^\uFEFF/, '');
  if (kind === 'markdown') {
    const match = FRONTMATTER_RE.exec(text);
    if (!match) {
      return {
        issues: [
          {
            file,
            line: 1,
            path: [],
            message:
              'tệp phải bắt đầu bằng phần thông tin (frontmatter) nằm giữa hai dòng "---" (missing frontmatter)',
            fix: 'Dòng đầu tiên của tệp là "---", sau đó là các trường như "code: ...", rồi một dòng "---".',
          },
        ],
      };
    }
    yamlText = match[1] ?? '';
    body = text.slice(match[0].length);
    lineOffset = 1;
  } else {
    yamlText = text;
  }

  const counter = new LineCounter();
  const doc = parseDocument(yamlText, {
    lineCounter: counter,
    keepSourceTokens: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const lineAt = (offset: number) => counter.linePos(offset).line + lineOffset;
  const issues: ContentIssue[] = [];

  for (const error of doc.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    issues.push({
      file,
      line: lineAt(error.pos[0]),
      path: [],
      message: duplicate
        ? 'một trường được khai báo hai lần (duplicate key)'
        : `lỗi cú pháp YAML (YAML syntax): ${error.message.split('\n')[0]}`,
      fix: duplicate
        ? 'Xóa một trong hai dòng trùng tên trường.'
        : 'Kiểm tra thụt lề (dùng dấu cách, không dùng tab), dấu hai chấm sau tên trường và dấu nháy.',
    });
  }
  if (issues.length > 0) return { issues };

  // "2.000" is how Vietnamese write two thousand, but YAML reads it as 2.0.
  visit(doc, {
    Scalar(_key, node, ancestors) {
      const raw = (node as { srcToken?: { source?: string } }).srcToken?.source;
      if (typeof node.value === 'number' && raw && THOUSANDS_RE.test(raw)) {
        const path: PropertyKey[] = [];
        const chain: unknown[] = [...ancestors, node];
        chain.forEach((step, i) => {
          if (isPair(step)) {
            path.push(isScalar(step.key) ? String(step.key.value) : String(step.key));
          } else if (isSeq(step)) {
            path.push(step.items.indexOf(chain[i + 1] as never));
          }
        });
        const digits = raw.replace(/[.,+]/g, '');
        issues.push({
          file,
          line: node.range ? lineAt(node.range[0]) : undefined,
          path,
          message: `số "${raw}" sẽ bị hiểu là ${node.value} vì dấu chấm/phẩy là dấu thập phân (thousands separator)`,
          fix: `Viết số liền, không có dấu phân cách: ${digits}`,
        });
      }
    },
  });
  if (issues.length > 0) return { issues };

  const data = doc.toJS();
  return {
    issues,
    parsed: {
      data: data ?? {},
      body,
      bodyStartLine:
        kind === 'markdown' ? text.slice(0, text.length - body.length).split('\n').length : 1,
      lineOf(path) {
        for (let n = path.length; n >= 0; n--) {
          const node = doc.getIn(path.slice(0, n) as unknown[], true) as
            | { range?: [number, number, number] }
            | undefined;
          if (node?.range) return lineAt(node.range[0]);
          if (n === 0) {
            const root = doc.contents as { range?: [number, number, number] } | null;
            return root?.range ? lineAt(root.range[0]) : lineOffset + 1;
          }
        }
        return undefined;
      },
    },
  };
}
