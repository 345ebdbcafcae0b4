import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { readContentSource } from '../../src/catalogue/read.ts';
import { buildCatalogue } from '../../src/catalogue/validate.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { describeFee, feeRows, feeSummary, formAvailability } from '../../src/domain/format.ts';
import { toRecord } from '../../src/domain/procedure-api.ts';
import { procedureRecord } from '../../src/schemas/api.ts';
import { procedureFrontmatter } from '../../src/schemas/procedure.ts';

/**
 * Issue 14 item 7: every procedure page answers "how much, in which case". Fees are a list
 * of cases; an exempt case carries no amount, and an amount the HĐND tỉnh sets but nobody
 * has confirmed is said to be unconfirmed, never guessed.
 */

const catalogue = buildCatalogue(await readContentSource('content'));
const index = indexCatalogue(catalogue);
const khaiSinh = catalogue.procedures.find((p) => p.code === '1.001193');
if (!khaiSinh) throw new Error('1.001193 (đăng ký khai sinh) is missing from content/');

/** The frontmatter of content/procedures/dang-ky-khai-sinh.md, as the editor wrote it. */
function khaiSinhFrontmatter(): Record<string, unknown> {
  const text = readFileSync('content/procedures/dang-ky-khai-sinh.md', 'utf8');
  const block = text.split(/^---$/m)[1];
  if (!block) throw new Error('no frontmatter');
  return parse(block) as Record<string, unknown>;
}

const withFees = (fees: unknown[]) =>
  procedureFrontmatter.safeParse({ ...khaiSinhFrontmatter(), fees });

describe('fee cases in the procedure schema', () => {
  test('accepts a list of cases: exempt, set by the HĐND tỉnh, a known amount', () => {
    const result = withFees([
      { name: 'Lệ phí đăng ký khai sinh', case: 'Đăng ký đúng hạn', exempt: true },
      { name: 'Lệ phí đăng ký khai sinh', case: 'Đăng ký quá hạn', setBy: 'hdnd-tinh' },
      { name: 'Phí cấp bản sao', kind: 'phi', case: 'Mỗi bản sao', amount: 8000, unit: 'bản' },
    ]);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.fees.map((f) => [f.case, f.exempt, f.setBy, f.amount])).toEqual([
      ['Đăng ký đúng hạn', true, undefined, undefined],
      ['Đăng ký quá hạn', undefined, 'hdnd-tinh', undefined],
      ['Mỗi bản sao', undefined, undefined, 8000],
    ]);
  });

  test('rejects an amount together with exempt, on the exempt field, in Vietnamese', () => {
    const result = withFees([
      { name: 'Lệ phí đăng ký khai sinh', case: 'Đăng ký đúng hạn', exempt: true, amount: 0 },
    ]);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === 'fees.0.exempt');
    expect(issue?.message).toContain('không ghi mức thu');
  });

  test('rejects tiers together with exempt', () => {
    const result = withFees([{ name: 'Phí', exempt: true, tiers: [{ from: 1, amount: 2000 }] }]);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('fees.0.exempt');
  });

  test('still rejects a fee that says nothing about its amount', () => {
    const result = withFees([{ name: 'Lệ phí đăng ký khai sinh', case: 'Đăng ký quá hạn' }]);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('fees.0.amount');
  });

  test('rejects an unknown setter', () => {
    const result = withFees([{ name: 'Lệ phí', setBy: 'ubnd-xa' }]);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('fees.0.setBy');
  });
});

describe('fee descriptions', () => {
  test('an exempt case reads "Miễn"; an unconfirmed HĐND rate says so without a number', () => {
    expect(describeFee({ exempt: true })).toBe('Miễn');
    const hdnd = describeFee({ setBy: 'hdnd-tinh', note: 'Theo Thông tư 85/2019/TT-BTC.' });
    expect(hdnd).toBe('Mức thu do HĐND tỉnh quy định; chưa xác nhận');
    expect(hdnd).not.toMatch(/\d\.\d{3}/);
    expect(describeFee({ setBy: 'hdnd-tinh', amount: 10000 })).toBe('10.000 đ');
  });

  test('the short answer: nothing to pay, one item, all exempt, a range, or unknown amounts', () => {
    const more = 'xem mục Phí, lệ phí';
    expect(feeSummary([], more)).toBe('Không mất phí');
    expect(feeSummary([{ amount: 20000 }], more)).toBe('20.000 đ');
    expect(feeSummary([{ exempt: true }, { exempt: true, case: 'Người có công' }], more)).toBe(
      'Miễn',
    );
    expect(feeSummary([{ amount: 20000 }, { amount: 10000 }], more)).toBe(
      'Có thu, từ 10.000 đ đến 20.000 đ (xem mục Phí, lệ phí)',
    );
    expect(feeSummary([{ amount: 20000 }, { setBy: 'hdnd-tinh' }], more)).toBe(
      'Có thu, tùy trường hợp (xem mục Phí, lệ phí)',
    );
  });

  test('a form without a file says where to get it and which text issued it', () => {
    expect(formAvailability({ source: 'Thông tư 04/2024/TT-BTP' })).toBe(
      'Mẫu ban hành kèm theo Thông tư 04/2024/TT-BTP. Nhận mẫu tại nơi nộp hồ sơ.',
    );
    expect(formAvailability({})).toBe('Nhận mẫu tại nơi nộp hồ sơ.');
    expect(formAvailability({ file: 'ct01.pdf', source: 'Thông tư 66/2023/TT-BCA' })).toBe(
      undefined,
    );
  });
});

describe('đăng ký khai sinh answers "how much, in which case"', () => {
  test('the page rows name the exempt in-time case and the late case', () => {
    const rows = feeRows(khaiSinh.fees);
    const inTime = rows.find((r) => r.case?.startsWith('Đăng ký đúng hạn'));
    const late = rows.find((r) => r.case?.startsWith('Đăng ký quá hạn'));
    expect(inTime?.case).toContain('60 ngày');
    expect(inTime?.amount).toBe('Miễn');
    expect(late?.amount).toBe('Mức thu do HĐND tỉnh quy định; chưa xác nhận');
    // Copies of the birth certificate have their price on the page too.
    expect(rows.some((r) => r.name.includes('bản sao') && /\d/.test(r.amount))).toBe(true);
  });

  test('the short answer at the top names the free case and says the others cost money', () => {
    expect(feeSummary(khaiSinh.fees, 'xem mục Phí, lệ phí')).toMatch(
      /^Miễn khi đăng ký đúng hạn \(trong 60 ngày[^)]*\); trường hợp khác có thu \(tùy trường hợp, xem mục Phí, lệ phí\)$/,
    );
  });

  test('the late fee has no amount and is listed as pending', () => {
    const late = khaiSinh.fees.find((f) => f.case?.startsWith('Đăng ký quá hạn'));
    expect(late?.setBy).toBe('hdnd-tinh');
    expect(late?.amount).toBeUndefined();
    expect(khaiSinh.pending.some((x) => x.field === 'fees' && x.note.includes('HĐND'))).toBe(true);
  });

  test('the API record names both cases and matches the published response schema', () => {
    const record = procedureRecord.parse(toRecord(khaiSinh, index));
    const byCase = new Map(record.fees.map((f) => [f.case?.split(' (')[0], f]));
    expect(byCase.get('Đăng ký đúng hạn')).toMatchObject({ exempt: true, description: 'Miễn' });
    expect(byCase.get('Đăng ký đúng hạn')?.amount).toBeUndefined();
    expect(byCase.get('Đăng ký quá hạn')).toMatchObject({
      setBy: 'hdnd-tinh',
      description: 'Mức thu do HĐND tỉnh quy định; chưa xác nhận',
    });
    expect(record.forms.map((f) => f.availability)).toEqual([
      'Mẫu ban hành kèm theo Thông tư 04/2024/TT-BTP. Nhận mẫu tại nơi nộp hồ sơ.',
    ]);
  });
});

describe('cấp bản sao trích lục hộ tịch', () => {
  test('the price of a copy is given per copy, with its case', () => {
    const p = catalogue.procedures.find((x) => x.code === '2.000635');
    const [row, ...rest] = feeRows(p?.fees ?? []);
    expect(rest).toEqual([]);
    expect(row?.case).toContain('Mỗi bản sao');
    expect(row?.amount).toBe('8.000 đ/bản sao trích lục');
  });
});
