import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import {
  canSeeDossier,
  type Officer,
  type Role,
  worksOnDossier,
} from '../../src/domain/auth/roles.ts';
import { type CatalogueIndex, indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { agenciesReceivedAt, forwardingTarget, returnPlaces } from '../../src/domain/reception.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

// Reception regardless of administrative boundary, on the demo province (tỉnh Khánh Hòa).

let index: CatalogueIndex;
const agency = (slug: string) => index.agencyBySlug.get(slug) as Agency;
const slugs = (list: readonly Agency[]) => list.map((a) => a.slug);
const COMMUNES = ['ubnd-xa-cong-hai', 'ubnd-xa-ninh-hai', 'ubnd-xa-thuan-bac'];

beforeAll(async () => {
  index = indexCatalogue(await loadCatalogue('content'));
});

describe('which centre receives a procedure for which agency', () => {
  test('the centres of the province: the province centre first, then the communes', () => {
    expect(slugs(index.centres)).toEqual([
      'ttpvhcc-tinh',
      ...['cong-hai', 'ninh-hai', 'thuan-bac'].map((x) => `ttpvhcc-xa-${x}`),
    ]);
  });

  const procedure = (boundaryFree: boolean, receivingCentres?: string[]) =>
    ({
      ...(index.procedureBySlug.get('cap-ban-sao-trich-luc-ho-tich') as Procedure),
      boundaryFree,
      receivingCentres,
    }) as Procedure;

  test('the centres of a procedure: every centre, those it lists, or none', () => {
    expect(slugs(index.centresFor(procedure(true)))).toEqual(slugs(index.centres));
    expect(
      slugs(index.centresFor(procedure(true, ['ttpvhcc-xa-thuan-bac', 'ttpvhcc-tinh']))),
    ).toEqual(['ttpvhcc-tinh', 'ttpvhcc-xa-thuan-bac']);
    expect(index.centresFor(procedure(false))).toEqual([]);
  });

  test.each([
    // [boundary-free, listed centres, desk, agencies received there]
    [true, undefined, 'ttpvhcc-xa-cong-hai', COMMUNES],
    [true, undefined, 'ttpvhcc-tinh', COMMUNES],
    [true, ['ttpvhcc-tinh'], 'ttpvhcc-tinh', COMMUNES],
    [true, ['ttpvhcc-tinh'], 'ttpvhcc-xa-cong-hai', ['ubnd-xa-cong-hai']],
    [false, undefined, 'ttpvhcc-xa-cong-hai', ['ubnd-xa-cong-hai']],
    [false, undefined, 'ttpvhcc-tinh', []],
  ])('boundary-free %s (centres %j) at %s', (boundaryFree, listed, desk, expected) => {
    const all = COMMUNES.map(agency);
    const centres = index.centresFor(procedure(boundaryFree, listed));
    expect(slugs(agenciesReceivedAt(all, agency(desk), index.deskOf, centres))).toEqual(expected);
  });

  test('return places: the receiving desk first, the other centres only when boundary-free', () => {
    const desk = agency('ttpvhcc-xa-cong-hai');
    expect(slugs(returnPlaces(desk, index.centresFor(procedure(false))))).toEqual([
      'ttpvhcc-xa-cong-hai',
    ]);
    expect(slugs(returnPlaces(desk, index.centresFor(procedure(true))))).toEqual([
      'ttpvhcc-xa-cong-hai',
      'ttpvhcc-tinh',
      'ttpvhcc-xa-ninh-hai',
      'ttpvhcc-xa-thuan-bac',
    ]);
  });

  test('forwarded only when received elsewhere than at the agency’s own desk', () => {
    const thuanBac = agency('ubnd-xa-thuan-bac');
    expect(forwardingTarget(agency('ttpvhcc-xa-cong-hai'), thuanBac, index.deskOf)?.slug).toBe(
      'ubnd-xa-thuan-bac',
    );
    expect(forwardingTarget(agency('ttpvhcc-xa-thuan-bac'), thuanBac, index.deskOf)).toBe(
      undefined,
    );
  });
});

describe('who sees and works on a dossier', () => {
  // The held-out case: received at Công Hải's centre, decided by UBND xã Thuận Bắc.
  const dossier = {
    deskSlug: 'ttpvhcc-xa-cong-hai',
    agencySlug: 'ubnd-xa-thuan-bac',
    returnDeskSlug: 'ttpvhcc-xa-cong-hai',
  };
  const officer = (role: Role, agencies: string[]): Officer => ({
    id: 'x',
    username: 'x',
    displayName: 'x',
    role,
    agencies,
  });

  test.each([
    // [role, agencies, province-centre oversight, sees, works on]
    ['receptionist', ['ttpvhcc-xa-cong-hai'], false, true, true],
    ['specialist', ['ubnd-xa-thuan-bac'], false, true, true],
    ['leader', ['ubnd-xa-thuan-bac'], false, true, true],
    ['receptionist', ['ttpvhcc-xa-thuan-bac'], false, false, false],
    ['receptionist', ['ttpvhcc-xa-ninh-hai'], false, false, false],
    ['leader', ['ubnd-xa-ninh-hai'], false, false, false],
    ['leader', ['ubnd-xa-cong-hai'], false, false, false],
    ['receptionist', ['ttpvhcc-tinh'], true, true, false],
    ['admin', [], false, true, false],
    ['editor', [], false, false, false],
  ] as const)(
    '%s of %j (oversees: %s): sees %s, works %s',
    (role, agencies, oversees, sees, works) => {
      const o = officer(role, [...agencies]);
      expect(canSeeDossier(o, dossier, oversees)).toBe(sees);
      expect(worksOnDossier(o, dossier)).toBe(works);
    },
  );

  test('the return desk works on it too', () => {
    const returned = { ...dossier, returnDeskSlug: 'ttpvhcc-xa-ninh-hai' };
    expect(worksOnDossier(officer('receptionist', ['ttpvhcc-xa-ninh-hai']), returned)).toBe(true);
  });
});
