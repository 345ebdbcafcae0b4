import { readContentSource } from '../../src/catalogue/read.ts';
import { describe, expect, test } from 'vitest';
import { ContentError, type ContentIssue } from '../../src/catalogue/issues.ts';
import { buildCatalogue, type ContentSource } from '../../src/catalogue/validate.ts';

/** The minimal second locality, read once (files copied for each test that edits them). */
const LOCALITY_B = await readContentSource('tests/fixtures/locality-b');

/** The minimal second locality as an in-memory content source. */
function fixture(): ContentSource {
  return { files: LOCALITY_B.files.map((f) => ({ ...f })), assets: [...LOCALITY_B.assets] };
}

function withFile(
  source: ContentSource,
  rel: string,
  edit: (text: string) => string,
): ContentSource {
  return {
    ...source,
    files: source.files.map((f) => (f.rel === rel ? { ...f, text: edit(f.text) } : f)),
  };
}

function issuesOf(source: ContentSource): ContentIssue[] {
  try {
    buildCatalogue(source);
  } catch (error) {
    if (error instanceof ContentError) return error.issues;
    throw error;
  }
  return [];
}

const PROC = 'procedures/khai-sinh.md';

describe('a valid content directory', () => {
  test('builds a catalogue with defaults filled in', () => {
    const catalogue = buildCatalogue(fixture());
    expect(catalogue.procedures).toHaveLength(1);
    const [p] = catalogue.procedures;
    expect(p?.slug).toBe('khai-sinh');
    expect(p?.online).toBe('khong');
    expect(p?.status).toBe('active');
    expect(p?.documents[0]?.originals).toBe(1);
    expect(catalogue.site.locality.name).toBe('Xã Thử Nghiệm');
  });
});

// The five mistakes the issue names, plus the cross-reference checks. Each must
// name the file, the field path and say what to do, in Vietnamese.
describe.each([
  {
    mistake: 'unknown field',
    rel: PROC,
    edit: (t: string) => t.replace('field: ho-tich', 'field: ho-tic'),
    path: 'field',
    line: 4,
    message: /lĩnh vực "ho-tic" không có trong content\/fields\.yaml \(unknown field\)/,
    fix: /Có phải ý bạn là "ho-tich"/,
  },
  {
    mistake: 'missing title',
    rel: PROC,
    edit: (t: string) => t.replace('title: Đăng ký khai sinh\n', ''),
    path: 'title',
    message: /thiếu trường bắt buộc/,
    fix: /Thêm trường "title"/,
  },
  {
    mistake: 'malformed code',
    rel: PROC,
    edit: (t: string) => t.replace('code: "1.001193"', 'code: "1.0011"'),
    path: 'code',
    line: 2,
    message: /mã thủ tục phải có dạng .*1\.001193/,
    fix: /Mã trên Cơ sở dữ liệu quốc gia/,
  },
  {
    mistake: 'fee that is not a number',
    rel: PROC,
    edit: (t: string) =>
      t.replace('lastReviewed', 'fees:\n  - name: Lệ phí\n    amount: "8.000 đồng"\nlastReviewed'),
    path: 'fees[0].amount',
    line: 26,
    message: /phải là một số tiền bằng chữ số/,
    fix: /20000/,
  },
  {
    mistake: 'fee with a thousands separator',
    rel: PROC,
    edit: (t: string) =>
      t.replace('lastReviewed', 'fees:\n  - name: Lệ phí\n    amount: 8.000\nlastReviewed'),
    path: 'fees[0].amount',
    line: 26,
    message: /số "8\.000" sẽ bị hiểu là 8/,
    fix: /8000/,
  },
  {
    mistake: 'unknown agency',
    rel: PROC,
    edit: (t: string) => t.replace('agencies: [ubnd-xa]', 'agencies: [ubnd-xa-khac]'),
    path: 'agencies[0]',
    message: /không có cơ quan "ubnd-xa-khac".*\(unknown agency\)/,
    fix: /ubnd-xa/,
  },
  {
    mistake: 'receiving centres without boundaryFree',
    rel: PROC,
    edit: (t: string) =>
      t.replace('agencies: [ubnd-xa]', 'agencies: [ubnd-xa]\nreceivingCentres: [mot-cua-xa]'),
    path: 'receivingCentres[0]',
    message: /chỉ ghi được khi thủ tục tiếp nhận không phụ thuộc địa giới/,
    fix: /boundaryFree: true/,
  },
  {
    mistake: 'a receiving centre that is not a centre',
    rel: PROC,
    edit: (t: string) =>
      t.replace(
        'agencies: [ubnd-xa]',
        'agencies: [ubnd-xa]\nboundaryFree: true\nreceivingCentres: [mot-cua-xa]',
      ),
    path: 'receivingCentres[0]',
    message: /"mot-cua-xa" không phải Trung tâm Phục vụ hành chính công/,
    fix: /Trung tâm Phục vụ hành chính công trong content\/agencies/,
  },
  {
    mistake: 'a time limit in both days and hours',
    rel: PROC,
    edit: (t: string) => t.replace('time:\n  days: 0', 'time:\n  days: 2\n  hours: 4'),
    path: 'time.hours',
    line: 13,
    message: /chỉ ghi thời hạn bằng một đơn vị: 2 ngày làm việc \(days\) hoặc 4 giờ làm việc/,
    fix: /Khi đó ghi days: 0/,
  },
  {
    mistake: 'a time limit of 0 hours',
    rel: PROC,
    edit: (t: string) => t.replace('time:\n  days: 0', 'time:\n  days: 0\n  hours: 0'),
    path: 'time.hours',
    message: /ít nhất 1 giờ làm việc/,
  },
  {
    mistake: 'misspelt key',
    rel: PROC,
    edit: (t: string) => t.replace('applicants:', 'aplicants:'),
    path: 'aplicants',
    message: /trường "aplicants" không có trong mẫu nội dung \(unknown key\)/,
    fix: /Có phải ý bạn là "applicants"/,
  },
  {
    mistake: 'repealed without replacement',
    rel: PROC,
    edit: (t: string) => t.replace('lastReviewed', 'status: repealed\nlastReviewed'),
    path: 'replacedBy',
    message:
      /phải ghi mã thủ tục thay thế trong replacedBy; nếu không có thủ tục thay thế, ghi lý do trong statusNote/,
  },
  {
    mistake: 'form file that does not exist',
    rel: PROC,
    edit: (t: string) =>
      t.replace(
        'lastReviewed',
        'forms:\n  - id: to-khai\n    name: Tờ khai\n    file: to-khai.pdf\nlastReviewed',
      ),
    path: 'forms[0].file',
    message: /không tìm thấy tệp content\/forms\/to-khai\.pdf/,
  },
  {
    mistake: 'broken internal link',
    rel: PROC,
    edit: (t: string) => `${t}\nXem [thủ tục khác](/thu-tuc/khong-ton-tai/).\n`,
    path: 'body',
    message: /liên kết nội bộ "\/thu-tuc\/khong-ton-tai\/" không dẫn tới trang nào/,
  },
  {
    mistake: 'date that does not exist',
    rel: PROC,
    edit: (t: string) => t.replace('lastReviewed: 2026-01-15', 'lastReviewed: 2026-02-30'),
    path: 'lastReviewed',
    message: /ngày "2026-02-30" không tồn tại/,
  },
  {
    mistake: 'malformed agency code',
    rel: 'agencies/ubnd-xa.yaml',
    edit: (t: string) => t.replace('"000.00.02.H99"', '"H99-02"'),
    path: 'code',
    message: /không đúng dạng QCVN 102:2016 cũng không đúng dạng mã định danh điện tử/,
    fix: /ví dụ "000.01.23.H43".*ví dụ "H27.01"/,
  },
  {
    mistake: 'YAML syntax error',
    rel: PROC,
    edit: (t: string) => t.replace('level: xa', 'level: xa\n  bad: [unclosed'),
    path: '',
    message: /lỗi cú pháp YAML|YAML/,
  },
])('$mistake', ({ rel, edit, path, line, message, fix }) => {
  const issues = issuesOf(withFile(fixture(), rel, edit));

  test('stops the build with an issue naming the file and the field', () => {
    const issue = issues.find((i) => message.test(i.message));
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue?.file).toBe(`content/${rel}`);
    const dotted = issue?.path
      .map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${String(s)}`))
      .join('');
    expect(dotted).toBe(path);
    if (line) expect(issue?.line).toBe(line);
    if (fix) expect(issue?.fix).toMatch(fix);
  });

  test('the formatted report names the file, field and fix in Vietnamese', () => {
    const report = new ContentError(issues).message;
    expect(report).toContain(`✗ content/${rel}`);
    if (path) expect(report).toContain(`(${path})`);
    expect(report).toContain('Lỗi:');
  });
});

test('a duplicate procedure code is reported on the second file', () => {
  const base = fixture();
  const copy = base.files.find((f) => f.rel === PROC);
  if (!copy) throw new Error('fixture changed');
  const issues = issuesOf({
    ...base,
    files: [
      ...base.files,
      { ...copy, rel: 'procedures/khai-sinh-2.md', display: 'content/procedures/khai-sinh-2.md' },
    ],
  });
  expect(issues.map((i) => i.message).join('\n')).toMatch(/mã "1\.001193" đã dùng cho/);
});

test('every problem is reported at once, across fields and files', () => {
  const broken = withFile(fixture(), PROC, (t) =>
    t.replace('level: xa', 'level: thon').replace('title: Đăng ký khai sinh\n', ''),
  );
  const twoFiles = withFile(broken, 'agencies/ubnd-xa.yaml', (t) =>
    t.replace('kind: ubnd', 'kind: uy-ban'),
  );
  const found = issuesOf(twoFiles).map((i) => `${i.file}#${i.path.join('.')}`);
  expect(found.sort()).toEqual(
    [
      'content/agencies/ubnd-xa.yaml#kind',
      'content/procedures/khai-sinh.md#level',
      'content/procedures/khai-sinh.md#title',
    ].sort(),
  );
});

describe('figures reported before the system (content/statistics/<year>.yaml)', () => {
  const withStatistics = (rel: string, text: string): ContentSource => {
    const base = fixture();
    return { ...base, files: [...base.files, { rel, display: `content/${rel}`, text }] };
  };
  const GOOD = `year: 2019
source: Báo cáo năm 2019
figures:
  - received: 1510
    resolved: 1510
    resolvedOnTime: 1510
    satisfaction: { score: 20, max: 20, method: Điểm do địa phương báo cáo }
`;

  test('a valid file is read into the catalogue', () => {
    const catalogue = buildCatalogue(withStatistics('statistics/2019.yaml', GOOD));
    expect(catalogue.reported).toEqual([
      expect.objectContaining({
        year: 2019,
        figures: [expect.objectContaining({ received: 1510 })],
      }),
    ]);
  });

  test.each([
    [
      'the year differs from the file name',
      'statistics/2020.yaml',
      GOOD,
      'year',
      /year does not match file name/,
    ],
    [
      'more on time than resolved',
      'statistics/2019.yaml',
      GOOD.replace('resolvedOnTime: 1510', 'resolvedOnTime: 1600'),
      'figures.0.resolvedOnTime',
      /lớn hơn số hồ sơ đã giải quyết/,
    ],
    [
      'a score above its maximum',
      'statistics/2019.yaml',
      GOOD.replace('score: 20', 'score: 21'),
      'figures.0.satisfaction.score',
      /lớn hơn điểm tối đa/,
    ],
    [
      'an unknown agency',
      'statistics/2019.yaml',
      GOOD.replace('  - received', '  - agency: khong-co\n    received'),
      'figures.0.agency',
      /unknown agency/,
    ],
    [
      'a count written with a thousands dot',
      'statistics/2019.yaml',
      GOOD.replace('received: 1510', 'received: 1.510'),
      'figures.0.received',
      /./,
    ],
  ])('%s stops the build, naming the file and the field', (_, rel, text, path, message) => {
    const issues = issuesOf(withStatistics(rel, text));
    const issue = issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.file).toBe(`content/${rel}`);
    expect(issue?.message).toMatch(message);
  });
});
