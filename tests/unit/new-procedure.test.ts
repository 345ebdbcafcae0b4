import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { describePath } from '../../src/catalogue/describe.ts';
import { readContentSource } from '../../src/catalogue/read.ts';
import { buildCatalogue } from '../../src/catalogue/validate.ts';
import { procedureFrontmatter } from '../../src/schemas/procedure.ts';
import {
  checkInput,
  contextFromSource,
  FRONTMATTER_KEYS,
  type NewProcedureInput,
  PLACEHOLDER,
  parseChoice,
  renderProcedure,
  slugFor,
  slugify,
} from '../../scripts/lib/new-procedure.ts';

/**
 * `npm run new:procedure` writes a file that validates with the real schema and the real
 * catalogue around it, explains every field in a comment, lists what the editor must
 * still write under `pending:`, and never overwrites a procedure or reuses a code.
 */

const source = await readContentSource('content');
const context = contextFromSource(source);
const TODAY = '2026-11-27';

/** Adds the rendered file to the real content and validates everything, as check:content does. */
function catalogueWith(input: NewProcedureInput) {
  const rel = `procedures/${slugFor(input)}.md`;
  const text = renderProcedure(input, TODAY);
  const catalogue = buildCatalogue({
    ...source,
    files: [...source.files, { rel, display: `content/${rel}`, text }],
  });
  return { text, procedure: catalogue.procedures.find((p) => p.slug === slugFor(input)) };
}

const BASE: NewProcedureInput = {
  code: '1.005461',
  title: 'Đăng ký lại khai tử',
  field: 'ho-tich',
  level: 'xa',
  agencies: ['ubnd-xa-thuan-bac'],
  days: 5,
  online: false,
};

const CASES: [string, NewProcedureInput][] = [
  ['one commune, not online', BASE],
  [
    'all six communes, online, same day',
    {
      ...BASE,
      code: '1.000593',
      title: 'Đăng ký kết hôn lưu động',
      agencies: context.agencies.filter((a) => a.slug.startsWith('ubnd-xa-')).map((a) => a.slug),
      days: 0,
      online: true,
    },
  ],
  [
    'province level, local code, own file name',
    {
      ...BASE,
      code: 'DP.000777',
      title: 'Xác nhận thông tin người có công của tỉnh',
      field: 'nguoi-co-cong',
      level: 'tinh',
      agencies: ['ubnd-tinh', 'ttpvhcc-tinh'],
      days: 15,
      slug: 'xac-nhan-nguoi-co-cong-tinh',
    },
  ],
];

describe('the generated file', () => {
  test.each(CASES)('%s: validates with the real catalogue and keeps the answers', (_, input) => {
    const { procedure } = catalogueWith(input);
    expect(procedure).toMatchObject({
      code: input.code,
      title: input.title,
      field: input.field,
      level: input.level,
      agencies: input.agencies,
      time: { days: input.days },
      online: input.online ? 'mot-phan' : 'khong',
      status: 'active',
      lastReviewed: TODAY,
    });
    expect(procedure?.channels.some((c) => c.type === 'truc-tuyen')).toBe(input.online);
    expect(procedure?.onlineForm !== undefined).toBe(input.online);
  });

  test.each(CASES)('%s: a comment line above every key, from the schema', (_, input) => {
    const lines = renderProcedure(input, TODAY).split('\n');
    const end = lines.indexOf('---', 1);
    const keys = lines
      .slice(1, end)
      .map((line, i) => ({ line, i: i + 1 }))
      .filter(({ line }) => /^[A-Za-z]+:/.test(line));
    expect(keys.length).toBeGreaterThan(20);
    for (const { line, i } of keys) {
      const key = line.slice(0, line.indexOf(':'));
      expect(FRONTMATTER_KEYS, key).toContain(key);
      const above = lines[i - 1] ?? '';
      expect(above, `comment above ${key}`).toMatch(/^#/);
      // The comment block above holds the schema's own label for the key.
      let start = i - 1;
      while (start > 0 && lines[start - 1]?.startsWith('#')) start--;
      const block = lines.slice(start, i).join('\n');
      const title = describePath(procedureFrontmatter, [key])[0]?.title;
      expect(block, key).toContain(`# ${title}`);
    }
    // Nested keys of the online form are explained too.
    if (input.online) {
      const at = lines.indexOf('  attachments: optional');
      expect(lines[at - 1]).toMatch(/^ {2}# /);
    }
  });

  test.each(CASES)('%s: every placeholder is listed under pending', (_, input) => {
    const text = renderProcedure(input, TODAY);
    const [, yaml = '', body = ''] = text.split(/^---$/m);
    const data = parse(yaml) as Record<string, unknown>;
    const pending = (data.pending as { field: string }[]).map((p) => p.field);
    const marked = Object.entries(data)
      .filter(([key, value]) => key !== 'pending' && JSON.stringify(value).includes(PLACEHOLDER))
      .map(([key]) => key);
    expect(marked.length).toBeGreaterThan(3);
    for (const key of marked) expect(pending, key).toContain(key);
    expect(body).toContain(PLACEHOLDER);
    expect(pending).toContain('body');
    // The code stays a string: "1.000593" would otherwise be read as a number.
    expect(yaml).toContain(`code: "${input.code}"`);
  });

  test('optional keys left out are shown as commented examples', () => {
    const text = renderProcedure(BASE, TODAY);
    expect(text).toContain('# publication:');
    expect(text).toContain('# history:');
    expect(text).toContain('#     change: them');
  });
});

describe('answers that are refused', () => {
  test('an existing file name, or a code another file uses', () => {
    const sameName = checkInput({ ...BASE, title: 'Đăng ký khai sinh' }, context);
    expect(sameName).toEqual([
      expect.stringContaining('Đã có tệp content/procedures/dang-ky-khai-sinh.md'),
    ]);
    const sameCode = checkInput({ ...BASE, code: '1.001193' }, context);
    expect(sameCode).toEqual([
      expect.stringContaining(
        'Mã 1.001193 đã được dùng trong content/procedures/dang-ky-khai-sinh.md',
      ),
    ]);
    // --force replaces a file of the same name, never takes another file's code.
    const forced = checkInput({ ...BASE, slug: 'dang-ky-khai-tu' }, context, { force: true });
    expect(forced).toEqual([]);
    const stolen = checkInput({ ...BASE, code: '1.001193' }, context, { force: true });
    expect(stolen.join('\n')).toContain('đã được dùng');
  });

  test('wrong formats and unknown references, each with what to write', () => {
    const problems = checkInput(
      {
        ...BASE,
        code: '1-005461',
        field: 'ho-tic',
        agencies: ['ubnd-xa-bac-phon'],
        days: 2.5,
        slug: 'Có Dấu',
      },
      context,
    );
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/ví dụ 1\.001193.*\n.*ho-tich.*\n.*ubnd-xa-bac-phon/);
  });

  test('slugs, choices', () => {
    expect(slugify('Đăng ký lại khai tử')).toBe('dang-ky-lai-khai-tu');
    expect(slugify('Cấp Giấy xác nhận thông tin hộ tịch (bản sao)')).toBe(
      'cap-giay-xac-nhan-thong-tin-ho-tich-ban-sao',
    );
    const items = [{ slug: 'a' }, { slug: 'b' }, { slug: 'c' }];
    expect(parseChoice('2', items)).toEqual({ ok: true, values: ['b'] });
    expect(parseChoice('1, c,1', items, true)).toEqual({ ok: true, values: ['a', 'c'] });
    expect(parseChoice('tat-ca', items, true)).toEqual({ ok: true, values: ['a', 'b', 'c'] });
    expect(parseChoice('4', items).ok).toBe(false);
  });
});

describe('the command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-new-'));
  const content = join(dir, 'content');
  cpSync('content', content, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['scripts/new-procedure.ts', '--dir', content, ...args], {
      encoding: 'utf8',
      input: input ?? '',
    });
  const FLAGS = [
    ...['--code', '1.005461', '--title', 'Đăng ký lại khai tử', '--field', 'ho-tich'],
    ...['--level', 'xa', '--agency', 'ubnd-xa-thuan-bac,ubnd-xa-ninh-hai', '--days', '5'],
  ];

  test('with flags: writes the file, checks it, prints the next steps', () => {
    const result = run(FLAGS);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('✓ Đã tạo');
    expect(result.stdout).toContain('✓ Nội dung hợp lệ');
    expect(result.stdout).toContain('npm run check:content');
    const file = join(content, 'procedures', 'dang-ky-lai-khai-tu.md');
    expect(readFileSync(file, 'utf8')).toContain('  - ubnd-xa-ninh-hai');
    const check = spawnSync(process.execPath, ['scripts/check-content.ts', '--dir', content], {
      encoding: 'utf8',
    });
    expect(check.status, check.stderr).toBe(0);
  }, 30_000);

  test('the same file again, or the same code under another name: refused, nothing written', () => {
    const again = run(FLAGS);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('Chưa tạo tệp');
    expect(again.stderr).toContain('dang-ky-lai-khai-tu.md');
    const sameCode = run([...FLAGS, '--slug', 'ten-khac']);
    expect(sameCode.status).toBe(1);
    expect(sameCode.stderr).toContain('Mã 1.005461 đã được dùng');
    expect(existsSync(join(content, 'procedures', 'ten-khac.md'))).toBe(false);
  }, 30_000);

  test('interactive: the questions in Vietnamese, answered from the keyboard', () => {
    const answers = ['1.005462', 'Đăng ký lại việc giám hộ', '1', '3', '13, 14', '3', 'c', ''];
    const result = run([], `${answers.join('\n')}\n`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Mã thủ tục');
    expect(result.stdout).toContain('Cơ quan thực hiện:');
    const text = readFileSync(join(content, 'procedures', 'dang-ky-lai-viec-giam-ho.md'), 'utf8');
    expect(text).toContain('online: mot-phan');
    expect(text).toContain('days: 3');
  }, 30_000);

  test('input that ends before all questions are answered: stops, writes nothing', () => {
    const result = run([], '1.005463\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Đã dừng');
  }, 30_000);
});
