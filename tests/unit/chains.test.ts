import { describe, expect, test } from 'vitest';
import {
  chainFigures,
  chainState,
  chainTimeliness,
  combinedDays,
  combinedDocuments,
  type MemberState,
  memberAgency,
  nextStep,
} from '../../src/domain/chains/chain.ts';
import { chainsMatching } from '../../src/domain/chains/search.ts';
import { STATUS, type StatusCode } from '../../src/domain/dossier/status.ts';
import type { Timeliness } from '../../src/domain/dossier/timeliness.ts';
import { buildCatalogue } from '../../src/catalogue/validate.ts';
import { readContentSource } from '../../src/catalogue/read.ts';
import type { Chain } from '../../src/schemas/chain.ts';

const source = await readContentSource('content');
const catalogue = buildCatalogue(source);
const birth = catalogue.chains.find(
  (c) => c.slug === 'lien-thong-khai-sinh-thuong-tru-bhyt',
) as Chain;
const [KS, TT, BHYT] = ['1.001193', '1.004222', 'DP.000001'] as const;

const waiting = (procedure: string): MemberState => ({ procedure, kind: 'waiting' });
const at = (
  procedure: string,
  status: StatusCode,
  timeliness: Timeliness['state'] = 'on-time',
): MemberState => ({ procedure, kind: 'dossier', status, timeliness });

describe('the order of a chain', () => {
  test('the second stage starts only when the first has its result, together', () => {
    expect(
      nextStep(birth, [at(KS, STATUS.PROCESSING, 'in-progress'), waiting(TT), waiting(BHYT)]),
    ).toEqual({ kind: 'none' });
    expect(nextStep(birth, [at(KS, STATUS.PROCESSED), waiting(TT), waiting(BHYT)])).toEqual({
      kind: 'start',
      procedures: [TT, BHYT],
    });
  });

  test('a refused birth calls off residence and insurance; a supplement only holds them', () => {
    expect(nextStep(birth, [at(KS, STATUS.REFUSED), waiting(TT), waiting(BHYT)])).toEqual({
      kind: 'cancel',
      procedures: [TT, BHYT],
      because: KS,
    });
    expect(
      nextStep(birth, [
        at(KS, STATUS.SUPPLEMENT_REQUESTED, 'in-progress'),
        waiting(TT),
        waiting(BHYT),
      ]),
    ).toEqual({ kind: 'none' });
  });
});

describe('the state and timeliness of a chain, from its members', () => {
  test('waiting for the citizen as soon as one member asks for a supplement', () => {
    const members = [
      at(KS, STATUS.PROCESSED),
      at(TT, STATUS.SUPPLEMENT_REQUESTED, 'in-progress'),
      at(BHYT, STATUS.PROCESSED),
    ];
    expect(chainState(members)).toBe('waiting-for-citizen');
    expect(chainTimeliness(members)).toBe('in-progress');
  });

  test('done and on time only if every member is; one late member makes the chain late', () => {
    const onTime = [
      at(KS, STATUS.RETURNED, 'early'),
      at(TT, STATUS.PROCESSED),
      at(BHYT, STATUS.PROCESSED),
    ];
    expect(chainState(onTime)).toBe('done');
    expect(chainTimeliness(onTime)).toBe('on-time');
    const oneLate = [
      at(KS, STATUS.RETURNED),
      at(TT, STATUS.PROCESSED, 'late'),
      at(BHYT, STATUS.PROCESSED),
    ];
    expect(chainState(oneLate)).toBe('done');
    expect(chainTimeliness(oneLate)).toBe('late');
    // Overdue while running already counts against the chain.
    expect(
      chainTimeliness([
        at(KS, STATUS.PROCESSED),
        at(TT, STATUS.PROCESSING, 'overdue'),
        waiting(BHYT),
      ]),
    ).toBe('late');
  });

  test('partly done when a later member is refused; ended when nothing had a result', () => {
    expect(
      chainState([at(KS, STATUS.PROCESSED), at(TT, STATUS.REFUSED), at(BHYT, STATUS.PROCESSED)]),
    ).toBe('partly-done');
    expect(
      chainState([
        at(KS, STATUS.REFUSED),
        { procedure: TT, kind: 'cancelled' },
        { procedure: BHYT, kind: 'cancelled' },
      ]),
    ).toBe('ended');
  });

  test('statistics count each chain once; the share is of finished chains', () => {
    const figures = chainFigures([
      [at(KS, STATUS.PROCESSED), at(TT, STATUS.PROCESSED), at(BHYT, STATUS.PROCESSED)],
      [at(KS, STATUS.PROCESSED), at(TT, STATUS.PROCESSED, 'late'), at(BHYT, STATUS.PROCESSED)],
      [at(KS, STATUS.PROCESSING, 'in-progress'), waiting(TT), waiting(BHYT)],
    ]);
    expect(figures).toEqual({
      received: 3,
      finished: 2,
      onTime: 1,
      late: 1,
      inProgress: 1,
      onTimeShare: 0.5,
    });
  });
});

describe('what a chain asks and takes', () => {
  test('each document once, with every member that uses it', () => {
    const docs = combinedDocuments(
      {
        members: birth.members,
        documents: [
          { name: 'Giấy tờ tùy thân', originals: 1, copies: 0, members: [KS] },
          { name: 'Tờ khai', originals: 1, copies: 0, members: [TT] },
          { name: 'giấy tờ  tùy thân', originals: 1, copies: 0, members: [BHYT, TT] },
        ],
      },
      (code) => ({ [KS]: 'Khai sinh', [TT]: 'Thường trú', [BHYT]: 'Thẻ BHYT' })[code] ?? code,
    );
    expect(docs.map((d) => [d.name, d.usedBy])).toEqual([
      ['Giấy tờ tùy thân', ['Khai sinh', 'Thường trú', 'Thẻ BHYT']],
      ['Tờ khai', ['Thường trú']],
    ]);
  });

  test('the combined time: stages one after the other, the longest member of each stage', () => {
    const days: Record<string, number> = { [KS]: 0, [TT]: 7, [BHYT]: 5 };
    expect(combinedDays(birth, (code) => days[code] ?? 0)).toBe(7);
    expect(combinedDays({ ...birth, time: { days: 3 } }, () => 99)).toBe(3);
  });

  test('a member goes to its agency in the commune filed with, or to its only agency', () => {
    const agencies = [
      { slug: 'ca-a', commune: 'A' },
      { slug: 'ca-b', commune: 'B' },
    ];
    expect(memberAgency(agencies, 'B')?.slug).toBe('ca-b');
    expect(memberAgency([{ slug: 'bhxh' }], 'B')?.slug).toBe('bhxh');
    expect(memberAgency(agencies, 'C')).toBeUndefined();
  });

  test('search finds a chain by words without diacritics', () => {
    expect(chainsMatching(catalogue.chains, 'khai sinh bhyt').map((c) => c.slug)).toEqual([
      'lien-thong-khai-sinh-thuong-tru-bhyt',
    ]);
    expect(chainsMatching(catalogue.chains, 'mai tang').map((c) => c.slug)).toEqual([
      'lien-thong-khai-tu-xoa-thuong-tru-mai-tang',
    ]);
    expect(chainsMatching(catalogue.chains, 'ket hon')).toEqual([]);
  });
});

describe('chain content is checked at build', () => {
  test('an unknown member, a document for a procedure outside the chain, a commune without a member agency: each named with a fix', async () => {
    const file = source.files.find(
      (f) => f.rel === 'chains/lien-thong-khai-sinh-thuong-tru-bhyt.yaml',
    );
    if (!file) throw new Error('birth chain missing');
    const broken = file.text
      .replace('procedure: "DP.000001"', 'procedure: "9.999999"')
      .replace('members: ["1.004222"]', 'members: ["1.000656"]');
    let message = '';
    try {
      buildCatalogue({
        ...source,
        files: source.files.map((f) =>
          f === file
            ? { ...f, text: broken }
            : f.rel === 'procedures/dang-ky-thuong-tru.md'
              ? // Residence no longer has a police office in Ninh Hải, where births are registered.
                { ...f, text: f.text.replace('  - cong-an-xa-ninh-hai\n', '') }
              : f,
        ),
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('không có thủ tục mã "9.999999" trong danh mục');
    expect(message).toContain('"1.000656" không phải thủ tục thành phần của liên thông này');
    expect(message).toContain('Ghi một trong các mã');
    expect(message).toMatch(
      /thủ tục "1.004222" không có cơ quan giải quyết cho hồ sơ nộp tại [^\n]*Ninh Hải/,
    );
  });
});
