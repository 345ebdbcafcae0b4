import { describe, expect, test } from 'vitest';
import { PROCEDURE_PICKER_LIMIT, renderStatsForm } from '../../src/ui/stats-page.ts';

const options = (count: number) => ({
  years: [2026, 2025],
  agencies: [{ slug: 'ubnd-xa-a', name: 'UBND xã A' }],
  communes: [{ value: 'A', label: 'Xã A' }],
  procedures: Array.from({ length: count }, (_, i) => ({
    code: `1.${String(900000 + i)}`,
    title: `Thủ tục số ${i + 1}`,
  })),
});
const procedureOptions = (page: string) => page.match(/<option value="thu-tuc:/g)?.length ?? 0;

describe('the statistics form /thong-ke', () => {
  test('lists every procedure of a small catalogue in its scope list', () => {
    const page = String(renderStatsForm(options(44), {}));
    expect(procedureOptions(page)).toBe(44);
    expect(page).not.toContain('Thống kê giải quyết thủ tục này');
  });

  test("a province's 6,000 procedures: none listed, the way to a procedure's figures said, the chosen one kept", () => {
    const many = options(6000);
    const page = String(renderStatsForm(many, {}));
    expect(procedureOptions(page)).toBe(0);
    expect(page).toContain('Thống kê giải quyết thủ tục này');
    expect(page).toMatch(/aria-describedby="tk-pham-vi-hint"/);
    expect(page.length).toBeLessThan(20_000);
    const chosen = String(renderStatsForm(many, { 'pham-vi': 'thu-tuc:1.905000' }));
    expect(procedureOptions(chosen)).toBe(1);
    expect(chosen).toMatch(/<option value="thu-tuc:1\.905000" selected>Thủ tục số 5001<\/option>/);
  });

  test('the limit is the one the page uses', () => {
    expect(procedureOptions(String(renderStatsForm(options(PROCEDURE_PICKER_LIMIT), {})))).toBe(
      PROCEDURE_PICKER_LIMIT,
    );
    expect(procedureOptions(String(renderStatsForm(options(PROCEDURE_PICKER_LIMIT + 1), {})))).toBe(
      0,
    );
  });
});
