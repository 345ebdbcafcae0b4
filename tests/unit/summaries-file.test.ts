import { describe, expect, test } from 'vitest';
import { packSummaries, toSummary, unpackSummaries } from '../../src/catalogue/summary.ts';
import { loadCatalogue } from '../../src/catalogue/read.ts';

const catalogue = await loadCatalogue('content');

describe('the summaries file the Worker reads (tom-tat.json)', () => {
  const summaries = catalogue.procedures.map(toSummary);

  test('gives back every summary as it was, through JSON', () => {
    const file = JSON.parse(JSON.stringify(packSummaries(summaries)));
    expect(unpackSummaries(file)).toEqual(summaries);
  });

  test('writes each agency list once, however many procedures share it', () => {
    // A province: 170 communes' offices named by each of 600 commune-level procedures.
    const communes = Array.from({ length: 170 }, (_, i) => `ubnd-xa-${i + 1}`);
    const base = summaries[0];
    if (!base) throw new Error('the demo catalogue has procedures');
    const province = Array.from({ length: 600 }, (_, i) => ({
      ...base,
      code: `1.${String(900000 + i)}`,
      slug: `thu-tuc-${i}`,
      agencies: i % 3 === 0 ? ['so-tu-phap'] : communes,
    }));
    const file = packSummaries(province);
    expect(file.agencyLists).toHaveLength(2);
    // What the lists add to the file: each once, and a number per procedure.
    const withoutLists = JSON.stringify(province.map((s) => ({ ...s, agencies: 0 }))).length;
    const listsOnce = JSON.stringify(file.agencyLists).length;
    expect(JSON.stringify(file).length).toBeLessThan(withoutLists + listsOnce + 600 * 3 + 100);
    expect(listsOnce).toBeLessThan(JSON.stringify(communes).length * 1.1);
    const back = unpackSummaries(JSON.parse(JSON.stringify(file)));
    expect(back.map((s) => s.agencies)).toEqual(province.map((s) => s.agencies));
  });

  test('refuses a file whose procedure names a list it does not have', () => {
    const file = packSummaries(summaries);
    const broken = { ...file, agencyLists: [] };
    expect(() => unpackSummaries(broken)).toThrow(/missing/);
  });
});
