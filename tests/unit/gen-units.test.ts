import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { unitRegistry } from '../../src/domain/units.ts';
import {
  applyPlan,
  planUnits,
  readFrom,
  readUnitRows,
  UnitListError,
} from '../../scripts/lib/gen-units.ts';
import { parseCsv } from '../../scripts/lib/import/table.ts';

const PROVINCE = { name: 'Khánh Hòa', code: 'H32' };
const LIST = `Tên;Loại;Trước đây;Địa chỉ;Điện thoại
Thuận Bắc;xã;Bắc Phong, Phước Kháng, Lợi Hải;;
Nha Trang;phường;Lộc Thọ, Vĩnh Nguyên, phường Tân Lập;Số 1 Trần Phú, phường Nha Trang;0258 3822 000
Trường Sa;đặc khu;huyện Trường Sa;;
`;
const rows = (text: string) => readUnitRows(parseCsv(text, ';'), 'don-vi.csv');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
/** A copy of the demo content (three hand-written communes). */
function content(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mot-cua-gen-units-'));
  dirs.push(dir);
  cpSync('content', dir, { recursive: true });
  return dir;
}

describe('gen:units', () => {
  test('a list of units becomes agency files and units that the build accepts', async () => {
    const dir = content();
    const result = applyPlan(dir, planUnits(PROVINCE, rows(LIST), readFrom(dir)));
    expect(result.refused).toEqual([]);
    // Xã Thuận Bắc's files are hand-written: kept, named, not rewritten.
    expect(result.kept).toContain('agencies/ubnd-xa-thuan-bac.yaml');
    expect(readFileSync(join(dir, 'agencies/ubnd-xa-thuan-bac.yaml'), 'utf8')).toBe(
      readFileSync('content/agencies/ubnd-xa-thuan-bac.yaml', 'utf8'),
    );

    const catalogue = await loadCatalogue(dir);
    const bySlug = new Map(catalogue.agencies.map((a) => [a.slug, a]));
    const ward = bySlug.get('ubnd-phuong-nha-trang');
    expect(ward).toMatchObject({
      name: 'Ủy ban nhân dân phường Nha Trang',
      kind: 'ubnd',
      level: 'xa',
      commune: 'Nha Trang',
      communeUnit: 'phuong',
      desk: 'ttpvhcc-phuong-nha-trang',
      phone: '0258 3822 000',
    });
    expect(bySlug.get('ttpvhcc-phuong-nha-trang')?.kind).toBe('ttpvhcc');
    expect(bySlug.get('phong-kinh-te-phuong-nha-trang')?.name).toBe(
      'Phòng Kinh tế, Hạ tầng và Đô thị phường Nha Trang',
    );
    expect(bySlug.get('cong-an-dac-khu-truong-sa')).toMatchObject({
      kind: 'cong-an',
      communeUnit: 'dac-khu',
      desk: 'ttpvhcc-dac-khu-truong-sa',
    });
    // An old address still finds today's unit.
    const registry = unitRegistry(catalogue.units);
    const old = registry.communeInText('Tổ 3, phường Tân Lập, thành phố Nha Trang');
    expect(old && registry.currentOf(old).id).toBe('phuong-nha-trang');
  });

  test('a second run changes nothing', () => {
    const dir = content();
    applyPlan(dir, planUnits(PROVINCE, rows(LIST), readFrom(dir)));
    const again = planUnits(PROVINCE, rows(LIST), readFrom(dir));
    expect(again.actions.filter((a) => a.kind === 'write')).toEqual([]);
    expect(again.unitsText).toBeUndefined();
  });

  test('a generated file edited by hand is refused with a diff, and nothing is written', () => {
    const dir = content();
    applyPlan(dir, planUnits(PROVINCE, rows(LIST), readFrom(dir)));
    const file = join(dir, 'agencies/ubnd-phuong-nha-trang.yaml');
    const edited = readFileSync(file, 'utf8').replace('0258 3822 000', '0258 3822 999');
    writeFileSync(file, edited);
    // The list changes too: a new phone for Trường Sa would be written if nothing were refused.
    const changed = LIST.replace('huyện Trường Sa;;', 'huyện Trường Sa;;0258 1111 222');
    const result = applyPlan(dir, planUnits(PROVINCE, rows(changed), readFrom(dir)));
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]?.path).toBe('agencies/ubnd-phuong-nha-trang.yaml');
    expect(result.refused[0]?.diff).toContain('+ phone: 0258 3822 000');
    expect(result.written).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(readFileSync(join(dir, 'agencies/ubnd-dac-khu-truong-sa.yaml'), 'utf8')).not.toContain(
      '0258 1111 222',
    );

    // Taking the file over (removing the generated line) keeps it out of later runs.
    writeFileSync(file, edited.split('\n').slice(1).join('\n'));
    const after = applyPlan(dir, planUnits(PROVINCE, rows(changed), readFrom(dir)));
    expect(after.refused).toEqual([]);
    expect(after.kept).toContain('agencies/ubnd-phuong-nha-trang.yaml');
    expect(after.written).toContain('agencies/ubnd-dac-khu-truong-sa.yaml');
  });

  test('a units.yaml entry that says otherwise is refused, not rewritten', () => {
    const dir = content();
    // Xã Lợi Hải went into Thuận Bắc (content/units.yaml); a list saying Công Hải is refused.
    const list = 'Tên;Loại;Trước đây\nCông Hải;xã;Lợi Hải\n';
    const result = applyPlan(dir, planUnits(PROVINCE, rows(list), readFrom(dir)));
    expect(result.refused.map((r) => r.path)).toEqual(['units.yaml › xa-loi-hai']);
    expect(result.refused[0]?.reason).toContain('mergedInto');
    expect(readFileSync(join(dir, 'units.yaml'), 'utf8')).toBe(
      readFileSync('content/units.yaml', 'utf8'),
    );
  });

  test('mistakes in the list are named by row and column with a fix', () => {
    const broken = `Tên;Loại;Mã
Thuận Bắc;xã;
thuận bắc;phường;
Khánh Hải;thị trấn;
Ninh Hải;huyện lỵ;
Cam Lâm;xã;57
`;
    let error: unknown;
    try {
      rows(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnitListError);
    const issues = (error as UnitListError).issues;
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'Tên'],
      [4, 'Loại'],
      [5, 'Loại'],
      [6, 'Mã'],
    ]);
    expect(issues.every((i) => i.fix.length > 0)).toBe(true);
  });
});
