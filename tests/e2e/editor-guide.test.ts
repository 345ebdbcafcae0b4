import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type IsolatedProject, isolatedProject } from '../../scripts/lib/isolated-project.ts';
import { type RunningServer, startServer } from '../../scripts/lib/server.ts';
import type { z } from 'zod';
import { chainFile } from '../../src/schemas/chain.ts';
import { procedureFrontmatter } from '../../src/schemas/procedure.ts';
import { siteFile } from '../../src/schemas/site.ts';

/**
 * Follows docs/huong-dan-bien-tap.md as a new editor would, on a copy of the project with
 * the real content: the commands and the YAML are read from the guide itself (the blocks
 * after `<!-- vi-du:… -->` markers), so the guide cannot say one thing while the tools do
 * another. A procedure the repository has never had is created, edited, checked, built,
 * and found in the catalogue, in search and in the API; then the three mistakes the guide
 * shows are made, and check:content must answer with exactly the messages the guide shows.
 */

const GUIDE = readFileSync('docs/huong-dan-bien-tap.md', 'utf8');
const SLUG = 'dang-ky-lai-khai-tu';
const CODE = '1.005461';
const TITLE = 'Đăng ký lại khai tử';
const FILE = `content/procedures/${SLUG}.md`;

/** The fenced block right after `<!-- vi-du:<name> -->` in the guide. */
function example(name: string): string {
  const marker = `<!-- vi-du:${name} -->`;
  const at = GUIDE.indexOf(marker);
  expect(at, `marker ${marker} in the guide`).toBeGreaterThan(-1);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(GUIDE.slice(at + marker.length));
  if (!block?.[1]) throw new Error(`no code block after ${marker}`);
  return block[1];
}

/** Splits a command line as a POSIX shell would for plain words and "double quotes". */
function shellWords(line: string): string[] {
  return [...line.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

let project: IsolatedProject;
let server: RunningServer | undefined;
let file = '';
let edited = '';

/** `node <script> …` in the copy, as `npm run <script> -- …` runs it. */
function run(script: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: project.root,
    encoding: 'utf8',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** package.json's script, so the guide's `npm run x` is exactly what is run. */
function npmScript(name: string): string {
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<
    string,
    string
  >;
  const fallback: Record<string, string> = { 'new:procedure': 'node scripts/new-procedure.ts' };
  const command = scripts[name] ?? fallback[name];
  const match = /^node (\S+)$/.exec(command ?? '');
  if (!match?.[1]) throw new Error(`npm run ${name} is not "node <script>": ${command}`);
  return match[1];
}

beforeAll(() => {
  project = isolatedProject(process.cwd(), 'content');
  // The copy gets the scripts too: the editor runs them from the project root.
  cpSync('scripts', join(project.root, 'scripts'), { recursive: true });
  file = join(project.root, FILE);
});
afterAll(async () => {
  await server?.stop();
  project?.dispose();
});

describe('adding a procedure, step by step as the guide says', () => {
  test('step 1: the command from the guide creates a valid file', () => {
    const command = example('lenh-tao').trim();
    const words = shellWords(command);
    expect(words.slice(0, 4)).toEqual(['npm', 'run', 'new:procedure', '--']);
    expect(existsSync(file)).toBe(false);
    const result = run(npmScript('new:procedure'), words.slice(4));
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`✓ Đã tạo ${FILE}`);
    expect(result.out).toContain('✓ Nội dung hợp lệ');
    expect(readFileSync(file, 'utf8')).toContain(`code: "${CODE}"`);
  });

  test('steps 2 to 4: keywords, fee, pending entry removed, with the YAML of the guide', () => {
    let text = readFileSync(file, 'utf8');
    expect(text).toContain('keywords: []');
    text = text.replace('keywords: []', example('tu-khoa').trimEnd());
    expect(text).toContain('fees: []');
    text = text.replace('fees: []', example('phi').trimEnd());
    const pendingFees = example('xoa-cho-xac-nhan');
    expect(text).toContain(pendingFees);
    text = text.replace(pendingFees, '');
    writeFileSync(file, text);
    edited = text;
  });

  test('step 5: npm run check:content says the content is valid', () => {
    const result = run(npmScript('check:content'));
    expect(result.code, result.out).toBe(0);
    // The demo's procedures and the one the guide just added.
    const procedures =
      readdirSync('content/procedures').filter((f) => f.endsWith('.md')).length + 1;
    expect(result.out).toContain(`✓ Nội dung hợp lệ: ${procedures} thủ tục`);
  });

  test('the build has the page, the catalogue lists it, search and the API find it', async () => {
    const build = await project.build();
    expect(build.code, build.output).toBe(0);
    const client = join(project.root, 'dist', 'client');
    const page = readFileSync(join(client, 'thu-tuc', SLUG, 'index.html'), 'utf8');
    expect(page).toContain(TITLE);
    expect(page).toContain('Lệ phí đăng ký lại khai tử');
    for (const list of ['thu-tuc/index.html', 'thu-tuc/linh-vuc/ho-tich/index.html']) {
      expect(readFileSync(join(client, list), 'utf8'), list).toContain(`/thu-tuc/${SLUG}/`);
    }
    // The open data of its field (one part per field, docs/adr/0026).
    const openData = readFileSync(join(client, 'du-lieu', 'thu-tuc', 'ho-tich.json'), 'utf8');
    expect(openData).toContain(`"${CODE}"`);
    // Editors see what is still to confirm; the fee entry was removed as the guide says.
    const pending = readFileSync(join(client, 'bien-tap', 'cho-xac-nhan', 'index.html'), 'utf8');
    expect(pending).toContain(`${TITLE} (${CODE})`);

    server = await startServer({ root: project.root });
    const keyword = 'lam lai giay chung tu';
    const search = (await fetch(
      `${server.baseURL}/api/procedures?q=${encodeURIComponent(keyword)}`,
    ).then((r) => r.json())) as { items: { code: string; matched?: string[] }[] };
    expect(search.items[0]).toMatchObject({ code: CODE, slug: SLUG, title: TITLE });
    expect(search.items[0]?.matched).toContain('keywords');
    const record = await fetch(`${server.baseURL}/api/procedures/${CODE}`).then((r) => r.json());
    expect(record).toMatchObject({ code: CODE, title: TITLE, field: { slug: 'ho-tich' } });
    expect(JSON.stringify(record)).toContain('làm lại giấy chứng tử');
    const html = await fetch(`${server.baseURL}/tim-kiem?q=lam+lai+giay+chung+tu`).then((r) =>
      r.text(),
    );
    expect(html).toContain(`/thu-tuc/${SLUG}/`);
    const live = await fetch(`${server.baseURL}/thu-tuc/${SLUG}/`);
    expect(live.status).toBe(200);
    expect(await live.text()).toContain(TITLE);
  }, 240_000);
});

describe('three mistakes a civil servant makes, answered as the guide shows', () => {
  const mistakes = [
    [
      'a required field left out',
      'loi-thieu-truong',
      (t: string) => t.replace(`title: ${TITLE}\n`, ''),
    ],
    [
      'money written 20.000',
      'loi-tien',
      (t: string) =>
        t.replace(
          '  - name: Lệ phí đăng ký lại khai tử\n',
          '  - name: Lệ phí đăng ký lại khai tử\n    amount: 20.000\n',
        ),
    ],
    [
      'a date that does not exist',
      'loi-ngay',
      (t: string) => t.replace(/^lastReviewed: .*$/m, 'lastReviewed: 31/02/2026'),
    ],
  ] as const;

  test.each(mistakes)('%s', (_name, marker, breakIt) => {
    const broken = breakIt(edited);
    expect(broken).not.toBe(edited);
    writeFileSync(file, broken);
    const result = run(npmScript('check:content'));
    writeFileSync(file, edited);
    expect(result.code, result.out).toBe(1);
    expect(result.out).toMatch(
      new RegExp(`✗ ${FILE}, dòng \\d+\\n  Trường: .+\\n  Lỗi: .+\\n  Cách sửa: .+`),
    );
    // Word for word what the guide tells the editor to expect.
    for (const line of example(marker).trimEnd().split('\n')) {
      expect(result.out, marker).toContain(line);
    }
    expect(result.out).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });
});

describe('the other YAML examples of the guide are valid', () => {
  const blocks = [...GUIDE.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

  test.each(blocks.map((b, i) => [i + 1, b] as const))('example %i', (_, block) => {
    const data = parse(block) as unknown;
    // A fragment of a list (lines to delete) is not a whole value.
    if (Array.isArray(data)) return;
    // A chain file (section 14) has members; anything else is part of a procedure file.
    const shape: Record<string, z.ZodType> =
      'members' in (data as object) ? chainFile.shape : procedureFrontmatter.shape;
    // "…" stands for what the guide says elsewhere (a list of fees, a sentence to write).
    const placeholder = (v: unknown) =>
      v === '…' || (Array.isArray(v) && v.every((x) => x === '…'));
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (placeholder(value)) continue;
      const schema = key === 'cms' ? siteFile.shape.cms : shape[key];
      expect(schema, `${key} is a field of the file`).toBeDefined();
      const parsed = (schema as z.ZodType).safeParse(value);
      expect(parsed.error?.issues ?? [], key).toEqual([]);
    }
  });
});
