import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { intake } from '../../functions/services/intake.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { parseDossierCode } from '../../src/domain/dossier/code.ts';
import { CHANNEL, STATUS } from '../../src/domain/dossier/status.ts';
import { ONLINE, validSubmission } from './submission-helpers.ts';
import { moveTo, newDossier, stored } from './db-helpers.ts';
import { as, onlineDossier, type Session, signIn } from './office-helpers.ts';

/**
 * Rules by reception date (issue 15, ADR 0015): a dossier prints the forms of the rule set in
 * force on the day it was received, and keeps them. Before 01/07/2025 the 2018 set (five
 * forms and the book as 06), from then the 2025 set (seven forms: 05 the stop notice, 06 the
 * control slip, 07 the book), numbered and titled from content/rules/.
 */

let desk: Session;
let leader: Session;

beforeAll(async () => {
  desk = await signIn('tn.quydinh', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('ld.quydinh', 'leader', ['ubnd-xa-thuan-bac']);
});

let serial = 0;
/** A dossier of xã Bắc Phong received at `receivedAt`, with the rule set stored as given. */
async function dossierReceived(receivedAt: string, ruleSet?: string) {
  serial += 1;
  const day = `${receivedAt.slice(2, 4)}${receivedAt.slice(5, 7)}${receivedAt.slice(8, 10)}`;
  return stored(
    newDossier('ubnd-xa-thuan-bac', {
      agencyCode: `000.00.15.H${String(10 + serial)}`,
      day,
      deskSlug: 'ttpvhcc-xa-thuan-bac',
      receivedAt,
      countedFrom: receivedAt,
      dueDate: receivedAt.slice(0, 10),
      initialStatus: STATUS.RECEIVED,
      ...(ruleSet ? { ruleSet } : {}),
    }),
  );
}

const titleOf = (page: string) => /<h1>([^<]*)<\/h1>/.exec(page)?.[1];
const numberOf = (page: string) => /<p class="form-number">([^<]*)<\/p>/.exec(page)?.[1];
const form = (code: string, n: string, who: Session = desk) =>
  as(who, `/can-bo/ho-so/${encodeURIComponent(code)}/mau/${n}`, { redirect: 'manual' });

describe('a dossier prints the forms of the rule set in force when it was received', () => {
  test('received 30/06/2025: the 2018 set, control slip 05, no form 07', async () => {
    const { code } = await dossierReceived('2025-06-30T10:00:00+07:00', '2018');
    const control = await form(code, '05');
    expect(control.status).toBe(200);
    const page = await control.text();
    expect(titleOf(page)).toBe('Phiếu kiểm soát quá trình giải quyết hồ sơ');
    expect(numberOf(page)).toBe('Mẫu số 05');
    // The book is 06 in this set: the form link leads to the month's book.
    const book = await form(code, '06');
    expect(book.status).toBe(303);
    expect(book.headers.get('location')).toBe('/can-bo/so-theo-doi?thang=2025-06');
    expect((await form(code, '07')).status).toBe(404);
  });

  test('received 01/07/2025: the 2025 set, stop notice 05, control slip 06, book 07', async () => {
    const { id, code } = await dossierReceived('2025-07-01T10:00:00+07:00', '2025');
    const control = await (await form(code, '06')).text();
    expect(titleOf(control)).toBe('Phiếu kiểm soát quá trình giải quyết hồ sơ');
    expect(numberOf(control)).toBe('Mẫu số 06');
    expect((await form(code, '07')).headers.get('location')).toBe(
      '/can-bo/so-theo-doi?thang=2025-07',
    );
    // No stop yet: no stop notice to print.
    expect((await form(code, '05')).status).toBe(404);
    await moveTo(id, STATUS.STOPPED, '2025-07-02T09:00:00+07:00', 'stop');
    const stop = await form(code, '05', leader);
    expect(stop.status).toBe(200);
    const page = await stop.text();
    expect(titleOf(page)).toBe('Thông báo dừng giải quyết hồ sơ');
    // The title of 05 comes from secondary sources: the officer is told, the paper is not.
    expect(page).toContain('Mẫu chưa xác nhận');
    expect(page).toMatch(/<div class="notice no-print">/);
    const article = /<article class="receipt">([\s\S]*?)<\/article>/.exec(page)?.[1] ?? '';
    expect(article).not.toContain('chưa xác nhận');
  });

  test('the dossier page links the forms of its own set, with their numbers and titles', async () => {
    const links = async (code: string) => {
      const page = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}`)).text();
      const list = /<ul class="print-links">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
      return [...list.matchAll(/>(Mẫu \d\d: [^<]*)</g)].map((m) => m[1]);
    };
    const old = await dossierReceived('2025-06-30T14:00:00+07:00', '2018');
    expect(await links(old.code)).toEqual([
      'Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      'Mẫu 05: Phiếu kiểm soát quá trình giải quyết hồ sơ',
      'Mẫu 06: Sổ theo dõi hồ sơ',
    ]);
    const now = await dossierReceived('2025-07-01T14:00:00+07:00', '2025');
    expect(await links(now.code)).toEqual([
      'Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      'Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ',
      'Mẫu 07: Sổ theo dõi hồ sơ',
    ]);
  });

  test('a stored set is kept; a dossier without one follows its reception day', async () => {
    // Stored 2018 although received later (e.g. a set renamed by the locality): kept.
    const kept = await dossierReceived('2025-09-01T10:00:00+07:00', '2018');
    expect(titleOf(await (await form(kept.code, '05')).text())).toBe(
      'Phiếu kiểm soát quá trình giải quyết hồ sơ',
    );
    // Written before migration 0012 filled the column: chosen by the reception day.
    const old = await dossierReceived('2025-06-02T10:00:00+07:00');
    await env.DB.prepare('UPDATE dossiers SET rule_set = NULL WHERE id = ?1').bind(old.id).run();
    expect(numberOf(await (await form(old.code, '05')).text())).toBe('Mẫu số 05');
    const unknown = await dossierReceived('2025-08-04T10:00:00+07:00', 'khong-con');
    expect(titleOf(await (await form(unknown.code, '06')).text())).toBe(
      'Phiếu kiểm soát quá trình giải quyết hồ sơ',
    );
  });

  test('the receipt prints the hour of return where the set says so (2025), not before', async () => {
    const before = await dossierReceived('2025-06-30T10:15:00+07:00', '2018');
    const after = await dossierReceived('2025-07-01T10:15:00+07:00', '2025');
    const returnOf = async (code: string) => {
      const page = await (await form(code, '01')).text();
      return /<dt>Thời gian trả kết quả<\/dt><dd>([\s\S]*?)<\/dd>/.exec(page)?.[1] ?? '';
    };
    expect(await returnOf(before.code)).not.toContain('giờ');
    expect(await returnOf(after.code)).toContain('10 giờ 15');
  });
});

describe('a second supplement request is recorded and flagged', () => {
  test('the dossier page and form 02 say it is the second request', async () => {
    const { id, code } = await dossierReceived('2025-07-01T09:00:00+07:00', '2025');
    await moveTo(
      id,
      STATUS.SUPPLEMENT_REQUESTED,
      '2025-07-01T10:00:00+07:00',
      'request-supplement',
    );
    await moveTo(id, STATUS.RECEIVED, '2025-07-02T09:00:00+07:00', 'supplement-received');
    const once = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}`)).text();
    expect(once).not.toContain('Đã yêu cầu bổ sung');
    await moveTo(
      id,
      STATUS.SUPPLEMENT_REQUESTED,
      '2025-07-03T10:00:00+07:00',
      'request-supplement',
    );
    const twice = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}`)).text();
    expect(twice).toContain('Đã yêu cầu bổ sung 2 lần');
    const slip = await (await form(code, '02')).text();
    expect(slip).toMatch(/<dt>Lần yêu cầu bổ sung<\/dt><dd>02<\/dd>/);
  });
});

describe('the dossier code follows the format of the set in force on the reception day', () => {
  const index = indexCatalogue(catalogue);
  const at = (iso: string) => async () => {
    const result = await intake(
      { db: env.DB, files: env.FILES, index, now: () => new Date(iso) },
      ONLINE,
      { ...validSubmission(), agency: 'ubnd-xa-thuan-bac' },
      [],
      { channel: CHANNEL.ONLINE, actor: 'test' },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    return result.accepted.code;
  };

  test("before 25/01/2026: the receiving desk's identifier; from then: the deciding agency's", async () => {
    const desk = catalogue.agencies.find((a) => a.slug === 'ttpvhcc-xa-thuan-bac')?.code;
    const agency = catalogue.agencies.find((a) => a.slug === 'ubnd-xa-thuan-bac')?.code;
    expect(desk).not.toBe(agency);
    expect(await at('2025-08-04T02:00:00Z')()).toBe(`${desk}-250804-0001`);
    expect(await at('2026-01-26T02:00:00Z')()).toBe(`${agency}-260126-0001`);
    // Each identifier and day has its own gap-free sequence.
    expect(await at('2026-01-26T03:00:00Z')()).toBe(`${agency}-260126-0002`);
  });

  test('the 10,000th dossier of a day gets five digits and is found again', async () => {
    const agency = catalogue.agencies.find((a) => a.slug === 'ubnd-xa-thuan-bac')?.code as string;
    await env.DB.prepare(
      'INSERT INTO dossier_counters (agency_code, day, last) VALUES (?1, ?2, 9999)',
    )
      .bind(agency, '260302')
      .run();
    const code = await at('2026-03-02T02:00:00Z')();
    expect(code).toBe(`${agency}-260302-10000`);
    const row = await env.DB.prepare('SELECT rule_set FROM dossiers WHERE code = ?1')
      .bind(code)
      .first('rule_set');
    expect(row).toBe('2025');
    expect(parseDossierCode(code.toLowerCase())?.sequence).toBe(10000);
  });
});

describe('online submissions store the set in force that day', () => {
  test('a dossier submitted today is stored with the current set (2025)', async () => {
    const { code } = await onlineDossier();
    const set = await env.DB.prepare('SELECT rule_set FROM dossiers WHERE code = ?1')
      .bind(code)
      .first('rule_set');
    expect(set).toBe('2025');
  });
});
