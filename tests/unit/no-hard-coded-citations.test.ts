import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

/**
 * No legal citation is hard-coded in what the code says to people (issue 15, ADR 0015): the
 * texts the one-stop rules rest on change (NĐ 61/2018 gave way to NĐ 118/2025 on 01/07/2025),
 * so citations live in the rule sets (content/rules/<id>.yaml), which say what is confirmed.
 * This scans every string and template literal of src/ and functions/ (comments are not read
 * by anyone but developers) and the whole of every .astro file.
 */

/** What a citation looks like: a document number, or the texts the project used to cite. */
const CITATION_RES = [
  /\d+\/20\d\d\/(NĐ|TT|QĐ|QH)/u,
  /Nghị định 61/u,
  /Thông tư 01\/2018/u,
  /Nghị định số? ?\d+\/20\d\d/u,
  /Thông tư số? ?\d+\/20\d\d/u,
];

/** Files allowed to hold a citation, and why. */
const EXCEPTIONS: Record<string, string> = {
  // The working-day calendar's own basis (Bộ luật Lao động, the Ngày Văn hóa resolution), not a
  // one-stop rule; it belongs with the calendar data (content/calendar/) when that moves.
  'src/domain/calendar/holidays.ts': 'public-holiday basis of the working-day calendar',
  // How editors write a document number ("60/2014/QH13"), in a field hint: an example of a
  // format, not a rule cited.
  'src/schemas/procedure.ts': 'example of a document number in an editor hint',
  'src/domain/open-data/columns.ts': 'example of a document number in a column description',
};

const isExempt = (file: string) =>
  Object.keys(EXCEPTIONS).some(
    (prefix) => file === prefix || (prefix.endsWith('/') && file.startsWith(prefix)),
  );

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|astro)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name).split('\\').join('/'));
}

/** The string and template pieces of a TypeScript source, with their lines. */
function literalsOf(file: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      out.push({
        line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
        text: node.text,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function citationsIn(file: string, text: string): string[] {
  const pieces = file.endsWith('.astro')
    ? text.split('\n').map((line, i) => ({ line: i + 1, text: line }))
    : literalsOf(file, text);
  return pieces
    .filter((p) => CITATION_RES.some((re) => re.test(p.text)))
    .map((p) => `${file}:${p.line}: ${p.text.trim().slice(0, 120)}`);
}

describe('no legal citation hard-coded in src/ or functions/', () => {
  test('every citation lives in the rule sets (content/rules/), apart from the listed exceptions', () => {
    const found = [...filesUnder('src'), ...filesUnder('functions')]
      .filter((file) => !isExempt(file))
      .flatMap((file) => citationsIn(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  test.each([
    ['a decree in a refusal', 'const m = `quá hạn (Điều 19 Nghị định 61/2018/NĐ-CP)`;'],
    ['a circular in a heading', "const h = 'Chỉ số theo Thông tư 01/2018/TT-VPCP';"],
    [
      'a law number in a notice',
      ['const n = html`bảo vệ theo Luật 91/2025/QH15 $', '{x}`;'].join(''),
    ],
  ])('negative control: %s is found', (_, code) => {
    expect(citationsIn('x.ts', code)).toHaveLength(1);
  });

  test('a citation in a comment is not read (developers only)', () => {
    expect(citationsIn('x.ts', '// NĐ 61/2018/NĐ-CP Art 19\nconst a = 1;')).toEqual([]);
  });

  test('the exceptions still exist, so the list cannot rot', () => {
    const all = [...filesUnder('src'), ...filesUnder('functions')];
    for (const prefix of Object.keys(EXCEPTIONS)) {
      expect(
        all.some((f) => f === prefix || f.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });
});
