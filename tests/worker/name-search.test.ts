import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { NAME_COUNT_CAP, type QueueFilter, queue } from '../../functions/db/queue.ts';
import { purgeDossiers } from '../../functions/db/retention.ts';
import { foldText } from '../../src/domain/text/fold.ts';
import { count, newDossier, stored } from './db-helpers.ts';
import { as, signIn } from './office-helpers.ts';

/**
 * The officers' search by applicant name through the word index of migrations/0031, on the
 * real local D1: every word typed starts a word of the name, in any order, with or without
 * diacritics; the retention purge leaves no word; the migration indexes the names already
 * stored; a word too common to count still lists its dossiers, with counts said to be capped.
 */

const AGENCY = 'ns-xa-tim';
const TODAY = '2025-06-10';

const names = ['Trần Văn An', 'Lê Thị Bình', 'Nguyễn Thị Anh', 'Nguyễn Văn Ân', 'Hoàng Thủy Tiên'];

async function withName(fullName: string, dueDate = '2025-06-20') {
  return stored(
    newDossier(AGENCY, {
      dueDate,
      applicant: { ...applicant, fullName },
      nameFolded: foldText(fullName),
    }),
  );
}
const applicant = newDossier(AGENCY).applicant;

const search = (q: string, more: Partial<QueueFilter> = {}) =>
  queue(
    env.DB,
    { scope: [AGENCY], tab: 'tat-ca', today: TODAY, soon: '2025-06-11', q, ...more },
    50,
    0,
  );
const namesFound = async (q: string) =>
  (await search(q)).rows.map((r) => r.fullName).sort((a, b) => (a ?? '').localeCompare(b ?? ''));

describe('name search (migrations/0031)', () => {
  test('full name, given name alone, without diacritics, words in any order', async () => {
    for (const name of names) await withName(name);
    expect(await namesFound('Trần Văn An')).toEqual(['Trần Văn An']);
    // A word typed is the start of a word of the name: "an" finds An, Anh and Ân, not Lan or Tiên.
    expect(await namesFound('an')).toEqual(['Nguyễn Thị Anh', 'Nguyễn Văn Ân', 'Trần Văn An']);
    expect(await namesFound('nguyen van an')).toEqual(['Nguyễn Văn Ân']);
    expect(await namesFound('AN TRAN')).toEqual(['Trần Văn An']);
    expect(await namesFound('thuy')).toEqual(['Hoàng Thủy Tiên']);
    expect(await namesFound('thuỷ tiên')).toEqual(['Hoàng Thủy Tiên']);
    expect(await namesFound('ran')).toEqual([]);
    const nguyen = await search('Nguyễn');
    expect(nguyen.counts['tat-ca']).toBe(2);
    expect(nguyen.total).toBe(2);
    expect(nguyen.countsCapped).toBe(false);
    // Another officer's scope does not see them.
    expect((await search('an', { scope: ['ns-xa-khac'] })).rows).toEqual([]);
  });

  test('the retention purge leaves none of the name words behind', async () => {
    const made = await withName('Phạm Quỳnh Hương');
    expect(
      await count('SELECT count(*) AS n FROM applicant_name_words WHERE dossier_id = ?1', made.id),
    ).toBe(3);
    expect((await search('quynh huong')).rows.map((r) => r.code)).toEqual([made.code]);
    await purgeDossiers(env.DB, [made.id], new Date().toISOString(), 0);
    expect(
      await count('SELECT count(*) AS n FROM applicant_name_words WHERE dossier_id = ?1', made.id),
    ).toBe(0);
    expect((await search('quynh huong')).rows).toEqual([]);
    // The dossier itself stays (statistics), found by its code.
    expect((await search(made.code)).rows.map((r) => r.code)).toEqual([made.code]);
  });

  test('a name is not rewritten behind the index: an update of the folded name is refused', async () => {
    const made = await withName('Đỗ Minh Khôi');
    await expect(
      env.DB.prepare("UPDATE applicants SET name_folded = 'do minh khoa' WHERE dossier_id = ?1")
        .bind(made.id)
        .run(),
    ).rejects.toThrow(/name_folded/);
    expect(await namesFound('khoi')).toEqual(['Đỗ Minh Khôi']);
  });

  test('a word too common to count lists its dossiers in due order, counts said capped', async () => {
    const late = await withName('Vũ Thu Hà', '2025-06-30');
    const early = await withName('Vũ Đức Hải', '2025-06-12');
    // More names than the cap hold "vu" (elsewhere in the province: only their words here).
    await env.DB.prepare(
      `INSERT INTO applicant_name_words (word, dossier_id)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       SELECT 'vu', 'elsewhere-' || i FROM n`,
    )
      .bind(NAME_COUNT_CAP + 5)
      .run();
    const common = await search('vu');
    expect(common.countsCapped).toBe(true);
    expect(common.rows.map((r) => r.code)).toEqual([early.code, late.code]);
    // What the officer sees: the list, and why there are no tab counts.
    const officer = await signIn('ns.tiepnhan', 'receptionist', [AGENCY]);
    const page = await (await as(officer, '/can-bo?q=V%C5%A9')).text();
    expect(page).toContain('Mỗi từ đã gõ có trong tên của hơn 1.000 người nộp');
    expect(page).not.toContain('class="count"');
    expect(page).toContain('Vũ Đức Hải');
    const api = (await (await as(officer, '/api/can-bo/ho-so?q=vu')).json()) as {
      countsCapped: boolean;
      items: { code: string; applicant: string }[];
    };
    expect(api.countsCapped).toBe(true);
    expect(api.items.map((i) => i.code)).toEqual([early.code, late.code]);
    const exact = await (await as(officer, '/can-bo?q=thu+vu')).text();
    expect(exact).toContain('1 hồ sơ.');
    expect(exact).not.toContain('hơn 1.000 người nộp');
    // A rarer word beside it: exact counts again.
    const both = await search('thu vu');
    expect(both.countsCapped).toBe(false);
    expect(both.rows.map((r) => r.code)).toEqual([late.code]);
    expect(both.counts['tat-ca']).toBe(1);
  });

  test('the migration indexes the names already stored', async () => {
    const before = await withName('Bùi Gia Khánh');
    const words = await count(
      'SELECT count(*) AS n FROM applicant_name_words WHERE dossier_id IN (SELECT dossier_id FROM applicants)',
    );
    // Back to the schema before 0031, the applicants still stored.
    await env.DB.batch([
      env.DB.prepare('DROP INDEX dossiers_named_due_order'),
      env.DB.prepare('CREATE INDEX applicants_name_folded ON applicants (name_folded)'),
      env.DB.prepare('DROP TRIGGER applicant_name_unchanged'),
      env.DB.prepare('DROP TRIGGER applicant_name_words_delete'),
      env.DB.prepare('DROP TABLE applicant_name_words'),
      env.DB.prepare("DELETE FROM d1_migrations WHERE name LIKE '0031%'"),
    ]);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    expect(
      (
        await env.DB.prepare(
          'SELECT word FROM applicant_name_words WHERE dossier_id = ?1 ORDER BY word',
        )
          .bind(before.id)
          .all<{ word: string }>()
      ).results.map((r) => r.word),
    ).toEqual(['bui', 'gia', 'khanh']);
    expect((await search('khanh bui')).rows.map((r) => r.code)).toEqual([before.code]);
    // Every applicant's words, whichever of the sixteen parts of the backfill holds its id.
    expect(await count('SELECT count(*) AS n FROM applicant_name_words')).toBe(words);
    expect(words).toBeGreaterThan(20);
  });
});
