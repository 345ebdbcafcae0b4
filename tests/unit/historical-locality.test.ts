import { describe, expect, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { codeLayout } from '../../src/domain/dossier/code.ts';
import {
  codeFormatOn,
  formOfKind,
  ruleSetOf,
  privacyNoticeOn,
} from '../../src/domain/rules/select.ts';

/**
 * The pre-2025 district (tests/fixtures/thuan-bac-2019, built and served by
 * tests/e2e/build.test.ts) keeps working under the rules of its time: a dossier it received
 * in 2019 follows the 2018 set (forms 01–05 and the book as 06, the desk's identifier in its
 * code), while a dossier received today by the current demo follows the 2025 set.
 */
const history = indexCatalogue(
  await loadCatalogue('tests/fixtures/thuan-bac-2019', 'tests/fixtures/thuan-bac-2019'),
);
const today = indexCatalogue(await loadCatalogue('content'));

describe('the historical district and today’s province, side by side', () => {
  test('the historical build is a district, marked as history; today’s demo is a province', () => {
    expect(history.catalogue.site.locality).toMatchObject({ kind: 'huyen', historical: true });
    expect(today.catalogue.site.locality.kind).toBe('tinh');
  });

  test('a dossier received by a commune desk in 2019 follows the 2018 set', () => {
    const received = '2019-06-10T09:00:00+07:00';
    const set = ruleSetOf(history.catalogue.ruleSets, { receivedAt: received });
    expect(set.id).toBe('2018');
    // Forms 01–05 and the book numbered 06; no stop notice in that set.
    expect(set.forms.map((f) => f.number)).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(formOfKind(set, 'book')?.number).toBe('06');
    expect(formOfKind(set, 'stop')).toBeUndefined();
    // Its code opens with the receiving desk's identifier, four digits of sequence.
    const format = codeFormatOn(set, '2019-06-10');
    expect(format?.identifier).toBe('desk');
    const desk = history.agencyBySlug.get('mot-cua-xa-bac-phong');
    expect(desk?.code).toBe('000.41.27.H43');
    const layout = codeLayout(format?.template ?? '', desk?.code ?? '', '190610');
    expect(`${layout.prefix}${'1'.padStart(layout.width, '0')}`).toBe('000.41.27.H43-190610-0001');
    // The personal-data notice of its time.
    expect(privacyNoticeOn(set, '2019-06-10')?.text).not.toMatch(/91\/2025|356\/2025/);
  });

  test('a dossier received today by the current demo follows the 2025 set, with the stop notice', () => {
    const set = ruleSetOf(today.catalogue.ruleSets, { receivedAt: '2026-12-05T09:00:00+07:00' });
    expect(set.id).toBe('2025');
    expect(set.forms.map((f) => f.number)).toEqual(['01', '02', '03', '04', '05', '06', '07']);
    expect(formOfKind(set, 'stop')?.number).toBe('05');
    expect(formOfKind(set, 'book')?.number).toBe('07');
  });

  test('a dossier keeps the set stored with it, whatever its day', () => {
    const kept = ruleSetOf(today.catalogue.ruleSets, {
      ruleSet: '2018',
      receivedAt: '2025-07-02T09:00:00+07:00',
    });
    expect(kept.id).toBe('2018');
  });
});
