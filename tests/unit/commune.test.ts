import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ContentError } from '../../src/catalogue/issues.ts';
import { buildCatalogue, type ContentSource } from '../../src/catalogue/validate.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { communesOfAgencies, inSentence } from '../../src/domain/commune.ts';
import { serviceAttributes } from '../../src/domain/open311/georeport.ts';
import { governmentOrganization } from '../../src/domain/structured-data.ts';
import { renderApplyForm } from '../../src/ui/apply-form.ts';

/** A ward (phường) reads "Phường 1", never "Xã Phường 1", wherever a commune is named. */

const FIXTURE = 'tests/fixtures/locality-b';

/** The second locality with its commune-level agencies turned into a ward, "Phường 1". */
function wardLocality(unit = 'phuong'): ContentSource {
  const files: ContentSource['files'] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(FIXTURE, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else {
        let text = readFileSync(join(FIXTURE, rel), 'utf8');
        if (rel.startsWith('agencies/')) text += `commune: "1"\ncommuneUnit: ${unit}\n`;
        files.push({ rel, display: `content/${rel}`, text });
      }
    }
  };
  walk('');
  return { files, assets: [] };
}

describe('communes, wards and townships', () => {
  test('the unit comes from the agencies; "xa" when not given', () => {
    expect(
      communesOfAgencies([
        { commune: 'Lợi Hải', communeUnit: 'thi-tran' },
        { commune: 'Bắc Phong' },
        { commune: '1', communeUnit: 'phuong' },
        { commune: 'Bắc Phong', communeUnit: 'phuong' },
        {},
      ]).map((c) => c.label),
    ).toEqual(['Phường 1', 'Xã Bắc Phong', 'Thị trấn Lợi Hải']);
  });

  test('a ward is named as a ward in the form, Open311 and schema.org', () => {
    const catalogue = buildCatalogue(wardLocality());
    const index = indexCatalogue(catalogue);
    expect(index.communes).toEqual([{ name: '1', unit: 'phuong', label: 'Phường 1' }]);
    expect(index.communeLabel('1')).toBe('Phường 1');

    const procedure = catalogue.procedures[0];
    if (!procedure) throw new Error('the fixture has a procedure');
    const form = renderApplyForm(procedure, {
      agencies: catalogue.agencies,
      communes: index.communes,
      state: { values: {}, errors: [], idempotencyKey: 'k' },
    }).toString();
    expect(form).toContain('>Phường 1<');
    expect(form).toContain('Xã, phường, đặc khu nơi cư trú');
    expect(form).not.toContain('Xã Phường');

    const xa = serviceAttributes(procedure, catalogue.agencies, index.communes).find(
      (a) => a.code === 'xa',
    );
    expect(xa?.values?.[0]).toEqual({ key: '1', name: 'Phường 1' });

    const agency = catalogue.agencies.find((a) => a.commune);
    if (!agency) throw new Error('an agency with a commune');
    const org = governmentOrganization(agency, 'https://x.example/', catalogue.site);
    expect(org.areaServed.name).toBe('Phường 1');
  });

  test('an unknown unit stops the build with the choices', () => {
    try {
      buildCatalogue(wardLocality('quan'));
      expect.unreachable('the build should stop');
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      const issue = error.issues.find((i) => i.path?.includes('communeUnit'));
      expect(issue?.message).toMatch(/chỉ nhận một trong: xa, phuong, dac-khu, thi-tran/);
    }
  });
});

describe('inSentence: unit words in lower case inside a sentence', () => {
  test('lowers the leading unit word, never the name', () => {
    expect(inSentence('Huyện Thuận Bắc')).toBe('huyện Thuận Bắc');
    expect(inSentence('Tỉnh Ninh Thuận')).toBe('tỉnh Ninh Thuận');
    expect(inSentence('Thị trấn Lợi Hải')).toBe('thị trấn Lợi Hải');
    expect(inSentence('Thành phố Phan Rang – Tháp Chàm')).toBe('thành phố Phan Rang – Tháp Chàm');
    expect(inSentence('Xã Bắc Phong')).toBe('xã Bắc Phong');
  });

  test('leaves names without a unit word, and unit words inside a name, alone', () => {
    expect(inSentence('Đà Lạt')).toBe('Đà Lạt');
    expect(inSentence('Huyện')).toBe('Huyện');
    expect(inSentence('Ủy ban nhân dân Huyện Thuận Bắc')).toBe('Ủy ban nhân dân Huyện Thuận Bắc');
    expect(inSentence('Huyệnxyz Thuận')).toBe('Huyệnxyz Thuận');
  });
});
