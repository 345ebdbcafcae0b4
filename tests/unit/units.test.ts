import { beforeAll, describe, expect, test } from 'vitest';
import { ContentError, type ContentIssue } from '../../src/catalogue/issues.ts';
import { loadCatalogue, readContentSource } from '../../src/catalogue/read.ts';
import type { Catalogue } from '../../src/catalogue/types.ts';
import { buildCatalogue, type ContentSource } from '../../src/catalogue/validate.ts';
import { AGENCY_CODE_FORMS, agencyCodeForm } from '../../src/domain/agency-code.ts';
import { type CatalogueIndex, indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { formatAddress } from '../../src/domain/forms/display.ts';
import { deskSummary } from '../../src/domain/reception.ts';
import { placeInQuery } from '../../src/domain/search/places.ts';
import { redactPersonalData } from '../../src/domain/text/redact.ts';
import {
  type AdminUnit,
  resolutionLabel,
  resolveCommune,
  unitRegistry,
  validOn,
} from '../../src/domain/units.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import { renderApplyForm } from '../../src/ui/apply-form.ts';

/** Units as in content/units.yaml, trimmed to what the cases need. */
const UNITS: AdminUnit[] = [
  { id: 'xa-thuan-bac', name: 'Thuận Bắc', kind: 'xa', validFrom: '2025-07-01' },
  { id: 'xa-cong-hai', name: 'Công Hải', kind: 'xa', validFrom: '2025-07-01' },
  {
    id: 'xa-loi-hai',
    name: 'Lợi Hải',
    kind: 'xa',
    validTo: '2025-06-30',
    mergedInto: 'xa-thuan-bac',
  },
  {
    id: 'xa-bac-phong',
    name: 'Bắc Phong',
    kind: 'xa',
    validTo: '2025-06-30',
    mergedInto: 'xa-thuan-bac',
  },
  {
    id: 'xa-phuoc-khang',
    name: 'Phước Kháng',
    kind: 'xa',
    validTo: '2025-06-30',
    mergedInto: 'xa-thuan-bac',
  },
  {
    id: 'xa-cong-hai-cu',
    name: 'Công Hải',
    kind: 'xa',
    validTo: '2025-06-30',
    mergedInto: 'xa-cong-hai',
  },
  {
    id: 'xa-phuoc-chien',
    name: 'Phước Chiến',
    kind: 'xa',
    validTo: '2025-06-30',
    mergedInto: 'xa-cong-hai',
  },
];
const registry = unitRegistry(UNITS);

describe('an old commune name resolves to the commune that took it over', () => {
  test.each([
    ['the current name', { name: 'Thuận Bắc' }, 'Xã Thuận Bắc'],
    ['a former name', { name: 'Lợi Hải' }, 'Xã Thuận Bắc (trước đây xã Lợi Hải)'],
    [
      'without marks, with its unit word',
      { name: 'xa loi hai' },
      'Xã Thuận Bắc (trước đây xã Lợi Hải)',
    ],
    [
      'in an address',
      { address: 'Thôn Ba Tháp, xã Bắc Phong, huyện Thuận Bắc' },
      'Xã Thuận Bắc (trước đây xã Bắc Phong)',
    ],
    ['a name both old and new: today’s unit', { name: 'Công Hải' }, 'Xã Công Hải'],
    [
      'the longest name in an address',
      { address: 'thôn Suối Đá, Phước Chiến' },
      'Xã Công Hải (trước đây xã Phước Chiến)',
    ],
  ])('%s', (_, input, label) => {
    const resolved = resolveCommune(registry, input);
    expect(resolved && resolutionLabel(resolved)).toBe(label);
  });

  test('a district or a town of the same name is not the commune', () => {
    expect(resolveCommune(registry, { address: 'Thôn 1, huyện Thuận Bắc' })).toBeUndefined();
    expect(resolveCommune(registry, { address: 'Phường 2, thị xã Lợi Hải' })).toBeUndefined();
  });

  test('a name of no unit, or an address without one, resolves to nothing', () => {
    expect(resolveCommune(registry, { name: 'Hà Nội' })).toBeUndefined();
    expect(resolveCommune(registry, { address: 'Số 5 Trần Phú, Nha Trang' })).toBeUndefined();
  });

  test('formerly is read back from the mergers, each written once', () => {
    const thuanBac = registry.byId('xa-thuan-bac') as AdminUnit;
    expect(registry.formerlyOf(thuanBac).map((u) => u.name)).toEqual([
      'Bắc Phong',
      'Lợi Hải',
      'Phước Kháng',
    ]);
  });

  test('a unit is valid between its dates', () => {
    const loiHai = registry.byId('xa-loi-hai') as AdminUnit;
    expect(validOn(loiHai, '2025-06-30')).toBe(true);
    expect(validOn(loiHai, '2025-07-01')).toBe(false);
  });
});

describe('agency identifiers: both forms, one constant', () => {
  test.each([
    ['000.01.23.H43', 'qcvn102'],
    ['000.00.00.H32', 'qcvn102'],
    ['H27.01', 'electronic'],
    ['H55.242', 'electronic'],
    ['H32.057.12', 'electronic'],
    ['H99-02', undefined],
    ['000.1.23.H43', undefined],
    ['h27.01', undefined],
  ])('%s → %s', (code, form) => {
    expect(agencyCodeForm(code)).toBe(form);
  });

  test('each form’s own example fits it', () => {
    for (const [form, spec] of Object.entries(AGENCY_CODE_FORMS)) {
      expect(agencyCodeForm(spec.example)).toBe(form);
    }
  });

  test('dossier codes on either form are hidden in free text', () => {
    expect(redactPersonalData('Mã H32.57.12-251103-0007 chưa xong')).toBe('Mã [đã ẩn] chưa xong');
    expect(redactPersonalData('Mã 000.01.10.H32-251103-0007')).toBe('Mã [đã ẩn]');
  });
});

/** The minimal second locality, read once (files copied for each test that edits them). */
const LOCALITY_B = await readContentSource('tests/fixtures/locality-b');
function localityB(edit: (rel: string, text: string) => string = (_, t) => t): ContentSource {
  return {
    files: LOCALITY_B.files.map((f) => ({ ...f, text: edit(f.rel, f.text) })),
    assets: [...LOCALITY_B.assets],
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

describe('units abolished on 01/07/2025 only in a historical build', () => {
  const toHuyen = (rel: string, text: string) =>
    rel === 'procedures/khai-sinh.md' ? text.replace('level: xa', 'level: huyen') : text;

  test('a district-level procedure stops the current build, naming the file, field and fix', () => {
    const issue = issuesOf(localityB(toHuyen)).find(
      (i) => i.file === 'content/procedures/khai-sinh.md',
    );
    expect(issue?.path).toEqual(['level']);
    expect(issue?.message).toContain('cấp huyện không còn từ 01/07/2025');
    expect(issue?.fix).toContain('historical: true');
  });

  test('the same file builds in a locality marked historical', () => {
    const historical = localityB((rel, text) =>
      rel === 'site.yaml'
        ? text.replace('  kind: xa', '  kind: xa\n  historical: true')
        : toHuyen(rel, text),
    );
    expect(issuesOf(historical)).toEqual([]);
  });

  test('a district locality must say it is historical', () => {
    const issue = issuesOf(
      localityB((rel, text) =>
        rel === 'site.yaml' ? text.replace('  kind: xa', '  kind: huyen') : text,
      ),
    ).find((i) => i.file === 'content/site.yaml');
    expect(issue?.path).toEqual(['locality', 'kind']);
  });
});

describe('content/units.yaml is checked like the other content', () => {
  const withUnits = (yaml: string) => {
    const source = localityB((rel, text) =>
      rel.startsWith('agencies/') ? `${text}commune: Thử Nghiệm\n` : text,
    );
    source.files.push({ rel: 'units.yaml', display: 'content/units.yaml', text: yaml });
    return source;
  };

  test('a merger into a unit that does not exist names the entry and the fix', () => {
    const issues = issuesOf(
      withUnits(
        'units:\n  - id: xa-thu-nghiem\n    name: Thử Nghiệm\n    kind: xa\n  - id: xa-cu\n    name: Cũ\n    kind: xa\n    validTo: 30/06/2025\n    mergedInto: xa-khong-co\n',
      ),
    );
    const issue = issues.find((i) => i.file === 'content/units.yaml');
    expect(issue?.path).toEqual(['units', 1, 'mergedInto']);
    expect(issue?.message).toContain('không có đơn vị mã "xa-khong-co"');
    expect(issue?.line).toBe(9);
  });

  test('an agency naming a former commune is told today’s name', () => {
    const issues = issuesOf(
      withUnits(
        'units:\n  - id: xa-moi\n    name: Mới\n    kind: xa\n  - id: xa-thu-nghiem\n    name: Thử Nghiệm\n    kind: xa\n    validTo: 30/06/2025\n    mergedInto: xa-moi\n',
      ),
    );
    const issue = issues.find((i) => i.path[0] === 'commune');
    expect(issue?.message).toContain('không còn');
    expect(issue?.fix).toBe('Ghi commune: Mới.');
  });
});

describe('the demo as it is today (content/)', () => {
  let catalogue: Catalogue;
  let index: CatalogueIndex;
  beforeAll(async () => {
    catalogue = await loadCatalogue('content');
    index = indexCatalogue(catalogue);
  });

  test('tỉnh Khánh Hòa with its centre, three communes, no district', () => {
    expect(catalogue.site.locality).toMatchObject({ kind: 'tinh', historical: false });
    expect(index.mainDesk.slug).toBe('ttpvhcc-tinh');
    expect(index.communes.map((c) => c.label)).toEqual([
      'Xã Công Hải',
      'Xã Ninh Hải',
      'Xã Thuận Bắc',
    ]);
    expect(catalogue.agencies.filter((a) => a.level === 'huyen')).toEqual([]);
    expect(catalogue.agencies.every((a) => a.codeIllustrative)).toBe(true);
    for (const x of ['thuan-bac', 'cong-hai', 'ninh-hai']) {
      expect(index.deskOf(index.agencyBySlug.get(`ubnd-xa-${x}`) as Agency).slug).toBe(
        `ttpvhcc-xa-${x}`,
      );
      expect(index.deskOf(index.agencyBySlug.get(`cong-an-xa-${x}`) as Agency).kind).toBe(
        'ttpvhcc',
      );
    }
  });

  test('the form offers the old communes, each saying what it is now', () => {
    const procedure = catalogue.procedures.find((p) => p.online !== 'khong');
    if (!procedure) throw new Error('an online procedure');
    const form = renderApplyForm(procedure, {
      agencies: catalogue.agencies.filter((a) => procedure.agencies.includes(a.slug)),
      communes: index.communeChoices,
      state: { values: {}, errors: [], idempotencyKey: 'k' },
    }).toString();
    expect(form).toContain('>Xã Lợi Hải (nay là xã Thuận Bắc)<');
    expect(form).toContain('>Xã Bắc Sơn (nay là xã Ninh Hải)<');
  });

  test('an old commune stored with a dossier reads as today’s, and counts under it', () => {
    expect(index.communeLabel('Lợi Hải')).toBe('Xã Thuận Bắc (trước đây xã Lợi Hải)');
    expect(formatAddress('Thôn 2', 'Lợi Hải', index.communeChoices)).toBe(
      'Thôn 2, xã Thuận Bắc (trước đây xã Lợi Hải)',
    );
    expect(formatAddress('Thôn 2, xã Lợi Hải', 'Lợi Hải', index.communeChoices)).toBe(
      'Thôn 2, xã Lợi Hải (nay là xã Thuận Bắc)',
    );
    expect(index.communeOf({ address: 'thôn Láng Me, xã Phước Chiến, huyện Thuận Bắc' })).toBe(
      'Phước Chiến',
    );
    expect(index.communeOf({ address: 'Phường Lộc Thọ, Nha Trang' })).toBeUndefined();
    expect(new Set(index.communeNames('Thuận Bắc'))).toEqual(
      new Set(['Thuận Bắc', 'Bắc Phong', 'Lợi Hải', 'Phước Kháng']),
    );
  });

  test.each(['Lợi Hải', 'loi hai', 'khai sinh xã Lợi Hải'])(
    'searching "%s" finds xã Thuận Bắc’s centre and agencies',
    (q) => {
      const place = placeInQuery(index, q);
      expect(place?.label).toBe('Xã Thuận Bắc (trước đây xã Lợi Hải)');
      expect(place?.agencies[0]?.slug).toBe('ttpvhcc-xa-thuan-bac');
      expect(place?.agencies.map((a) => a.slug)).toContain('cong-an-xa-thuan-bac');
    },
  );

  test('where to file: the commune centres, or any centre in the province when boundary-free', () => {
    const desks = ['thuan-bac', 'cong-hai'].map(
      (x) => index.agencyBySlug.get(`ttpvhcc-xa-${x}`) as Agency,
    );
    expect(deskSummary(desks, false)).toBe('Trung tâm Phục vụ hành chính công xã nơi cư trú');
    expect(deskSummary(desks, true)).toBe(
      'Trung tâm Phục vụ hành chính công xã nơi cư trú hoặc bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh',
    );
    expect(deskSummary([index.mainDesk], false)).toBe(
      'Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa',
    );
  });
});
