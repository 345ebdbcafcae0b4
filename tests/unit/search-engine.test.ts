import { describe, expect, test } from 'vitest';
import { codeInQuery, SearchEngine } from '../../src/domain/search/engine.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

/** A procedure with only what search reads; the rest is filler. */
function procedure(p: Partial<Procedure> & Pick<Procedure, 'code' | 'title'>): Procedure {
  return {
    slug: p.code.replace('.', '-'),
    field: 'ho-tich',
    level: 'xa',
    agencies: ['ubnd'],
    boundaryFree: false,
    steps: ['Nộp hồ sơ.'],
    channels: [{ type: 'truc-tiep' }],
    online: 'khong',
    time: { days: 1 },
    documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }],
    sets: 1,
    applicants: ['Công dân'],
    result: ['Giấy xác nhận'],
    fees: [],
    feeExemptions: [],
    forms: [],
    conditions: [],
    legalBasis: [],
    keywords: [],
    lastReviewed: '2026-01-01',
    status: 'active',
    related: [],
    pending: [],
    body: '',
    source: 'test',
    ...p,
  };
}

const catalogue = [
  procedure({
    code: '1.001193',
    title: 'Đăng ký khai sinh',
    keywords: ['làm giấy khai sinh', 'khai sinh cho con'],
  }),
  procedure({
    code: '1.000894',
    title: 'Đăng ký kết hôn',
    keywords: ['đăng ký cưới', 'giấy đăng ký kết hôn'],
  }),
  procedure({
    code: '2.000635',
    title: 'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh',
    keywords: ['xin bản sao giấy khai sinh'],
  }),
  procedure({
    code: '2.000815',
    title: 'Chứng thực bản sao từ bản chính',
    keywords: ['sao y bản chính', 'công chứng bản sao'],
  }),
  procedure({
    code: '1.004222',
    title: 'Đăng ký thường trú',
    keywords: ['nhập hộ khẩu', 'chuyển hộ khẩu'],
    documents: [{ name: 'Tờ khai thay đổi thông tin cư trú (CT01)', originals: 1, copies: 0 }],
  }),
  procedure({
    code: '1.013978',
    title: 'Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
    keywords: ['làm sổ đỏ', 'cấp sổ đỏ lần đầu'],
  }),
  // Mentions "kết hôn" only in the body: must rank below the procedure titled so.
  procedure({
    code: '1.004873',
    title: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    body: 'Dùng để đăng ký kết hôn ở nơi khác.',
  }),
  // A repealed twin: same words, must come after the active one.
  procedure({
    code: '1.999999',
    title: 'Đăng ký thường trú (thủ tục cũ)',
    keywords: ['nhập hộ khẩu'],
    status: 'repealed',
    replacedBy: '1.004222',
  }),
];
const engine = new SearchEngine(catalogue);
const top = (q: string) => engine.search(q).map((h) => h.procedure.code);

describe('what citizens type finds the procedure they mean', () => {
  test.each([
    ['Đăng ký khai sinh', '1.001193'],
    ['dang ky khai sinh', '1.001193'],
    ['DANG KI KHAI SINH', '1.001193'],
    ['  khai    sinh  ', '1.001193'],
    ['Đăng ký khai sinh'.normalize('NFD'), '1.001193'],
    ['lam giay khai sinh cho con', '1.001193'],
    ['sao y bản chính', '2.000815'],
    ['sao y ban chinh', '2.000815'],
    ['nhap ho khau', '1.004222'],
    ['lam so do', '1.013978'],
    ['làm sổ đỏ', '1.013978'],
    ['dang ky ket hon', '1.000894'],
    ['dăng ký kết hôn', '1.000894'],
    ['kết hôn', '1.000894'],
    ['ban sao giay khai sinh', '2.000635'],
  ])('%j → %s first', (query, code) => {
    expect(top(query)[0]).toBe(code);
  });
});

describe('ranking rules', () => {
  test('an exact code comes first, whatever else matches', () => {
    expect(top('1.001193')[0]).toBe('1.001193');
    expect(top('thủ tục 2.000815')[0]).toBe('2.000815');
    expect(top('1001193')[0]).toBe('1.001193');
    expect(engine.search('2.000815')[0]?.matched).toContain('code');
  });

  test('a code that does not exist finds nothing by code', () => {
    expect(top('9.999999')).toEqual([]);
  });

  test('title and keywords outrank dossier components and body text', () => {
    const results = top('kết hôn');
    expect(results.indexOf('1.000894')).toBeLessThan(results.indexOf('1.004873'));
    const ct01 = engine.search('ct01');
    expect(ct01[0]?.procedure.code).toBe('1.004222');
    expect(ct01[0]?.matched).toEqual(['documents']);
  });

  test('active procedures come before repealed ones', () => {
    const results = top('nhập hộ khẩu thường trú');
    expect(results.indexOf('1.004222')).toBeLessThan(results.indexOf('1.999999'));
    expect(results).toContain('1.999999');
  });

  test('one typo in a longer word is tolerated, including a swap of two letters', () => {
    expect(top('khia sinh')[0]).toBe('1.001193');
    expect(top('chung thucc ban sao')[0]).toBe('2.000815');
    expect(top('thuong tru')[0]).toBe('1.004222');
    expect(top('thuongg tru')[0]).toBe('1.004222');
  });

  test('the last word is matched as a prefix while typing', () => {
    expect(top('đăng ký thườ')[0]).toBe('1.004222');
    expect(top('chứng th')[0]).toBe('2.000815');
  });

  test('results that explain more of the query come first', () => {
    // "bản sao giấy khai sinh" matches both 1.001193 (khai sinh) and 2.000635 (all of it).
    expect(top('bản sao giấy khai sinh')[0]).toBe('2.000635');
  });

  test('filters restrict results without changing their order', () => {
    const all = top('đăng ký');
    const filtered = engine
      .search('đăng ký', { filter: (p) => p.code !== '1.001193' })
      .map((h) => h.procedure.code);
    expect(filtered).toEqual(all.filter((c) => c !== '1.001193'));
  });

  test('nothing is found for words no procedure contains, or for an empty query', () => {
    expect(top('xyzabc qwerty')).toEqual([]);
    expect(top('')).toEqual([]);
    expect(top('   ')).toEqual([]);
  });

  test('hostile input does not throw', () => {
    for (const q of [
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      '\u0000\uFFFF',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀',
      'a'.repeat(500),
    ]) {
      expect(() => engine.search(q)).not.toThrow();
    }
  });
});

test.each([
  ['1.001193', '1.001193'],
  ['ma 2.000815 la gi', '2.000815'],
  ['1001193', '1.001193'],
  ['DP.000001', 'DP.000001'],
  ['dp000001', 'DP.000001'],
  ['khai sinh', undefined],
  ['12.0011934', undefined],
])('codeInQuery(%j) = %s', (query, code) => {
  expect(codeInQuery(query)).toBe(code);
});

test('ranking only the best results gives the same top results and the same total', () => {
  for (const q of [
    'đăng ký',
    'khai sinh',
    'hộ khẩu',
    'ban sao',
    'ket hon',
    'nhập hộ khẩu thường trú',
    '1.001193 khai sinh',
  ]) {
    const all = engine.search(q);
    for (const limit of [1, 2, 3, 5]) {
      const { total, hits } = engine.find(q, { limit });
      expect(total, q).toBe(all.length);
      expect(
        hits.map((h) => h.procedure.code),
        `${q} limit ${limit}`,
      ).toEqual(all.slice(0, limit).map((h) => h.procedure.code));
    }
  }
});
