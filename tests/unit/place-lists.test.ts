import { describe, expect, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { agenciesPhrase, FULL_LIST_MAX, tooManyToList } from '../../src/domain/reception.ts';
import { governmentService, serviceContext } from '../../src/domain/structured-data.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { bookletDetails, posterPlace } from '../../src/ui/poster.ts';

// Province scale (issue 16): a procedure filed at every commune's centre of a 170-commune
// province listed 170 addresses (160 KB per page). Above FULL_LIST_MAX places the page and its
// JSON-LD name them in one sentence linked to the list of agencies; the demo keeps every name.

const catalogue = await loadCatalogue('content');
const index = indexCatalogue(catalogue);
const absoluteUrl = (path: string) => new URL(path, catalogue.site.url).toString();
const commune = catalogue.procedures.find(
  (p) => p.level === 'xa' && p.agencies.length === 3 && !p.competentAuthority,
) as Procedure;
const agency = (slug: string) => index.agencyBySlug.get(slug) as Agency;
const ubnd = agency('ubnd-xa-cong-hai');
const centre = agency('ttpvhcc-xa-cong-hai');
/** `n` communes shaped like the demo's first one, as a generated province has them. */
const copies = (agency: Agency, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    ...agency,
    slug: `${agency.slug}-${i}`,
    name: `${agency.name} ${i}`,
  }));
const service = (n: number) =>
  governmentService(commune, {
    ...serviceContext(commune, index, absoluteUrl),
    agencies: copies(ubnd, n),
    desks: copies(centre, n),
  });

describe('many places named in one sentence', () => {
  test('the threshold: ten places are listed, eleven are counted', () => {
    expect(FULL_LIST_MAX).toBe(10);
    expect(tooManyToList(10)).toBe(false);
    expect(tooManyToList(11)).toBe(true);
  });

  test('the phrase: the content’s own words first, else the common kind and level, else none', () => {
    expect(agenciesPhrase(copies(ubnd, 11), undefined)).toBe('Ủy ban nhân dân cấp xã');
    expect(agenciesPhrase(copies(ubnd, 11), 'Ủy ban nhân dân xã nơi cư trú')).toBe(
      'Ủy ban nhân dân xã nơi cư trú',
    );
    expect(agenciesPhrase([ubnd, agency('ubnd-tinh')], undefined)).toBeUndefined();
  });

  test('the demo’s three communes keep every name and address in the JSON-LD', () => {
    const ld = governmentService(commune, serviceContext(commune, index, absoluteUrl));
    expect(ld.serviceOperator.map((o) => o.name)).toEqual(
      commune.agencies.map((slug) => agency(slug).name),
    );
    const places = ld.availableChannel.find((c) => 'serviceLocation' in c)?.serviceLocation;
    expect(places).toHaveLength(3);
  });

  test('ten communes are still listed one by one', () => {
    const ld = service(10);
    expect(ld.serviceOperator).toHaveLength(10);
    expect(ld.availableChannel.find((c) => 'serviceLocation' in c)?.serviceLocation).toHaveLength(
      10,
    );
  });

  test('eleven communes become one operator and one place, linked to the list of agencies', () => {
    const ld = service(11);
    const list = absoluteUrl('/co-quan/');
    expect(ld.serviceOperator).toEqual([
      {
        '@type': 'GovernmentOrganization',
        name: 'Ủy ban nhân dân cấp xã (11 cơ quan)',
        url: list,
      },
    ]);
    const channel = ld.availableChannel.find((c) => 'serviceLocation' in c);
    expect(channel?.serviceLocation).toEqual([
      {
        '@type': 'Place',
        name: `Trung tâm Phục vụ hành chính công xã nơi cư trú${commune.boundaryFree ? ' hoặc bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh' : ''} (11 nơi tiếp nhận)`,
        url: list,
      },
    ]);
  });

  test('a poster names ten desks and counts eleven', () => {
    expect(posterPlace(copies(centre, 10)).desks).toHaveLength(10);
    const many = posterPlace(copies(centre, 11));
    expect(many.desks).toEqual([]);
    expect(many.title).toBe('Trung tâm Phục vụ hành chính công xã nơi cư trú (11 nơi tiếp nhận)');
  });

  test('a booklet reprints a procedure of ten agencies and lists one of eleven', () => {
    const slugsOf = (n: number) => copies(ubnd, n).map((a) => a.slug);
    expect(bookletDetails({ agencies: slugsOf(10) })).toBe(true);
    expect(bookletDetails({ agencies: slugsOf(11) })).toBe(false);
    expect(catalogue.procedures.every(bookletDetails)).toBe(true);
  });
});
