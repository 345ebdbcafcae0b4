import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { act, as, receiveAtCounter, type Session, signIn } from './office-helpers.ts';
import { validSubmission } from './submission-helpers.ts';
import { app } from './test-worker.ts';
import { catalogue } from 'virtual:mot-cua/catalogue';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { formatDateWithWeekday } from '../../src/domain/format.ts';

// Reception regardless of administrative boundary (issue 15 part 3). The held-out case: a
// dossier received at xã Công Hải's centre for a procedure decided by UBND xã Thuận Bắc.
// Công Hải's receptionist receives and returns it, Thuận Bắc's specialist and leader decide it,
// the province centre oversees it read only, and nobody in Ninh Hải sees it.

const BOUNDARY_FREE = 'cap-ban-sao-trich-luc-ho-tich';
const ONLY_OWN = 'cap-ban-sao-tu-so-goc';
const OTHER_DESK = 'tach-thua-hop-thua-dat';

const people: Record<string, Session> = {};

beforeAll(async () => {
  const p = (
    name: string,
    role: 'receptionist' | 'specialist' | 'leader' | 'admin' | 'editor',
    agencies: string[],
  ) => signIn(`ranhgioi.${name}`, role, agencies);
  people.deskCongHai = await p('tn.conghai', 'receptionist', ['ttpvhcc-xa-cong-hai']);
  people.deskThuanBac = await p('tn.thuanbac', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  people.deskNinhHai = await p('tn.ninhhai', 'receptionist', ['ttpvhcc-xa-ninh-hai']);
  people.deskTinh = await p('tn.tinh', 'receptionist', ['ttpvhcc-tinh']);
  people.specialistThuanBac = await p('cv.thuanbac', 'specialist', ['ubnd-xa-thuan-bac']);
  people.leaderThuanBac = await p('ld.thuanbac', 'leader', ['ubnd-xa-thuan-bac']);
  people.specialistNinhHai = await p('cv.ninhhai', 'specialist', ['ubnd-xa-ninh-hai']);
  people.leaderNinhHai = await p('ld.ninhhai', 'leader', ['ubnd-xa-ninh-hai']);
  people.leaderCongHai = await p('ld.conghai', 'leader', ['ubnd-xa-cong-hai']);
  people.admin = await p('qt', 'admin', []);
  people.editor = await p('bt', 'editor', []);
});

const person = (name: string) => people[name] as Session;

interface Places {
  desk: string;
  agency: string;
  returnDesk: string;
  forwardedTo: string | null;
  forwardedAt: string | null;
  receivedAt: string;
}

const placesOf = (code: string) =>
  env.DB.prepare(
    `SELECT desk_slug AS desk, agency_slug AS agency, return_desk_slug AS returnDesk,
       forwarded_to AS forwardedTo, forwarded_at AS forwardedAt, received_at AS receivedAt
     FROM dossiers WHERE code = ?1`,
  )
    .bind(code)
    .first<Places>();

const dossierPage = (who: string, code: string) =>
  as(person(who), `/can-bo/ho-so/${encodeURIComponent(code)}`);

const queueCodes = async (who: string) => {
  const res = await as(person(who), '/api/can-bo/ho-so?limit=200');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { code: string; returnDesk: string }[] };
  return body.items;
};

describe('counter reception at any centre (held-out case)', () => {
  let code = '';

  test('Công Hải’s counter offers every competent agency and every centre to return at', async () => {
    const page = await (
      await as(person('deskCongHai'), `/can-bo/tiep-nhan/${BOUNDARY_FREE}`)
    ).text();
    const agencies = /<select id="[^"]*" name="co-quan"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
    for (const name of ['xã Công Hải', 'xã Ninh Hải', 'xã Thuận Bắc'])
      expect(agencies).toContain(`Ủy ban nhân dân ${name}`);
    // The receiving desk's own agency is preselected.
    expect(agencies).toMatch(/value="ubnd-xa-cong-hai" selected/);
    const places =
      /<select id="[^"]*" name="noi-tra-ket-qua"[\s\S]*?<\/select>/.exec(page)?.[0] ?? '';
    expect(places).toMatch(/value="ttpvhcc-xa-cong-hai" selected/);
    expect(places).toContain('Trung tâm Phục vụ hành chính công tỉnh');
    expect(places).toContain('Trung tâm Phục vụ hành chính công xã Ninh Hải');
    // The list of procedures at this desk includes it.
    const list = await (await as(person('deskCongHai'), '/can-bo/tiep-nhan')).text();
    expect(list).toContain(`value="${BOUNDARY_FREE}"`);
  });

  test('received at Công Hải for Thuận Bắc: stored, forwarded at once, receipt names the return place', async () => {
    const received = await receiveAtCounter(person('deskCongHai'), BOUNDARY_FREE, {
      'co-quan': 'ubnd-xa-thuan-bac',
    });
    expect(received.status, received.html.slice(0, 1500)).toBe(201);
    code = received.code;
    const row = await placesOf(code);
    expect(row).toMatchObject({
      desk: 'ttpvhcc-xa-cong-hai',
      agency: 'ubnd-xa-thuan-bac',
      returnDesk: 'ttpvhcc-xa-cong-hai',
      forwardedTo: 'ubnd-xa-thuan-bac',
    });
    expect(row?.forwardedAt).toBe(row?.receivedAt);
    expect(received.html).toMatch(
      /Nhận kết quả tại<\/dt><dd>Trung tâm Phục vụ hành chính công xã Công Hải/,
    );
  });

  test('each role sees it or not', async () => {
    const expected: Record<string, number> = {
      deskCongHai: 200,
      specialistThuanBac: 200,
      leaderThuanBac: 200,
      deskTinh: 200,
      admin: 200,
      deskThuanBac: 403,
      deskNinhHai: 403,
      specialistNinhHai: 403,
      leaderNinhHai: 403,
      leaderCongHai: 403,
      editor: 403,
    };
    const got: Record<string, number> = {};
    for (const who of Object.keys(expected)) got[who] = (await dossierPage(who, code)).status;
    expect(got).toEqual(expected);
    // Receipt (form 01) too: the receiving desk prints it, Ninh Hải cannot.
    expect((await as(person('deskCongHai'), `/can-bo/ho-so/${code}/mau/01`)).status).toBe(200);
    expect((await as(person('deskNinhHai'), `/can-bo/ho-so/${code}/mau/01`)).status).toBe(403);
  });

  test('the dossier page says where it was received, returned, and that it was forwarded', async () => {
    const page = await (await dossierPage('leaderThuanBac', code)).text();
    expect(page).toContain('Đã chuyển hồ sơ điện tử đến Ủy ban nhân dân xã Thuận Bắc');
    // The papers follow within one working day (after 15:00, from the next one): flagged data.
    const row = await placesOf(code);
    const by = indexCatalogue(catalogue).calendar.dueDate(row?.receivedAt ?? '', 1).due;
    expect(page).toContain(
      `Hồ sơ giấy chuyển đến cơ quan giải quyết chậm nhất ngày ${formatDateWithWeekday(by)}`,
    );
    expect(page).toContain('Thời hạn chuyển hồ sơ giấy chưa xác nhận');
    expect(page).toMatch(/Nơi tiếp nhận<\/dt><dd>Trung tâm Phục vụ hành chính công xã Công Hải/);
    expect(page).toMatch(/Nơi trả kết quả<\/dt><dd>Trung tâm Phục vụ hành chính công xã Công Hải/);
    // The province centre oversees: no action forms, and it says why.
    const tinh = await (await dossierPage('deskTinh', code)).text();
    expect(tinh).toContain('Trung tâm Phục vụ hành chính công tỉnh theo dõi hồ sơ này');
    expect(tinh).not.toContain('name="action"');
  });

  test('queues: the receiving desk and the deciding agency list it; Ninh Hải and Thuận Bắc’s desk do not', async () => {
    const has = async (who: string) => (await queueCodes(who)).some((i) => i.code === code);
    expect(await has('deskCongHai')).toBe(true);
    expect(await has('leaderThuanBac')).toBe(true);
    expect(await has('specialistThuanBac')).toBe(true);
    expect(await has('deskTinh')).toBe(true);
    expect(await has('deskNinhHai')).toBe(false);
    expect(await has('leaderNinhHai')).toBe(false);
    expect(await has('deskThuanBac')).toBe(false);
  });

  test('Công Hải assigns, Thuận Bắc decides, Công Hải returns; others are refused', async () => {
    // The province centre oversees, read only.
    expect(
      (await act(person('deskTinh'), code, 'assign', { agency: 'ubnd-xa-thuan-bac' })).status,
    ).toBe(403);
    expect(
      (await act(person('deskNinhHai'), code, 'assign', { agency: 'ubnd-xa-thuan-bac' })).status,
    ).toBe(403);
    expect(
      (await act(person('deskCongHai'), code, 'assign', { agency: 'ubnd-xa-thuan-bac' })).status,
    ).toBe(303);
    expect((await act(person('leaderNinhHai'), code, 'process')).status).toBe(403);
    expect((await act(person('leaderCongHai'), code, 'process')).status).toBe(403);
    expect((await act(person('leaderThuanBac'), code, 'process')).status).toBe(303);
    // Thuận Bắc's desk neither received it nor returns it.
    expect((await act(person('deskThuanBac'), code, 'return-result')).status).toBe(403);
    expect((await act(person('deskCongHai'), code, 'return-result')).status).toBe(303);
    const status = await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<number>('status');
    expect(status).toBe(10);
  });
});

describe('the return place the citizen chose', () => {
  test('received at Công Hải, returned at Ninh Hải: Ninh Hải’s desk sees it and returns it', async () => {
    const received = await receiveAtCounter(person('deskCongHai'), BOUNDARY_FREE, {
      'co-quan': 'ubnd-xa-thuan-bac',
      'noi-tra-ket-qua': 'ttpvhcc-xa-ninh-hai',
    });
    expect(received.status, received.html.slice(0, 1500)).toBe(201);
    const { code } = received;
    expect((await placesOf(code))?.returnDesk).toBe('ttpvhcc-xa-ninh-hai');
    expect(received.html).toMatch(
      /Nhận kết quả tại<\/dt><dd>Trung tâm Phục vụ hành chính công xã Ninh Hải/,
    );
    expect((await dossierPage('deskNinhHai', code)).status).toBe(200);
    expect((await dossierPage('leaderNinhHai', code)).status).toBe(403);
    const items = await queueCodes('deskNinhHai');
    expect(items.find((i) => i.code === code)?.returnDesk).toBe('ttpvhcc-xa-ninh-hai');
    // Form 01 names the return place.
    const form01 = await (await as(person('deskCongHai'), `/can-bo/ho-so/${code}/mau/01`)).text();
    expect(form01).toMatch(
      /Nhận kết quả tại[\s\S]{0,40}Trung tâm Phục vụ hành chính công xã Ninh Hải/,
    );
    await act(person('deskCongHai'), code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    await act(person('leaderThuanBac'), code, 'process');
    expect((await act(person('deskNinhHai'), code, 'return-result')).status).toBe(303);
    // The citizen rates it at the kiosk of the desk that returned it, not where it was received.
    const kiosk = (desk: string) =>
      as(undefined, `/danh-gia/quay/${desk}`, {
        method: 'POST',
        body: new URLSearchParams({ muc: '5', ma: code }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await kiosk('ttpvhcc-xa-cong-hai')).status).toBe(422);
    expect((await kiosk('ttpvhcc-xa-ninh-hai')).status).toBe(303);
  });

  test('a return place that is not a centre is refused at the counter', async () => {
    const received = await receiveAtCounter(person('deskCongHai'), BOUNDARY_FREE, {
      'co-quan': 'ubnd-xa-thuan-bac',
      'noi-tra-ket-qua': 'ubnd-tinh',
    });
    expect(received.status).toBe(422);
    expect(received.html).toContain('Chọn nơi nhận kết quả trong danh sách');
  });
});

describe('procedures not received regardless of boundary keep today’s rule', () => {
  test('Công Hải receives only for its own agency, and returns at its own desk', async () => {
    const page = await (await as(person('deskCongHai'), `/can-bo/tiep-nhan/${ONLY_OWN}`)).text();
    expect(page).not.toContain('name="co-quan"');
    expect(page).not.toContain('name="noi-tra-ket-qua"');
    const other = await receiveAtCounter(person('deskCongHai'), ONLY_OWN, {
      'co-quan': 'ubnd-xa-thuan-bac',
    });
    expect(other.status).toBe(422);
    const own = await receiveAtCounter(person('deskCongHai'), ONLY_OWN, {});
    expect(own.status, own.html.slice(0, 1500)).toBe(201);
    expect(await placesOf(own.code)).toMatchObject({
      desk: 'ttpvhcc-xa-cong-hai',
      agency: 'ubnd-xa-cong-hai',
      returnDesk: 'ttpvhcc-xa-cong-hai',
      forwardedTo: null,
      forwardedAt: null,
    });
  });

  test('a procedure of another desk is refused at Công Hải', async () => {
    expect((await as(person('deskCongHai'), `/can-bo/tiep-nhan/${OTHER_DESK}`)).status).toBe(403);
  });
});

describe('online: the citizen chooses where to collect the result', () => {
  const procedureOf = (slug: string) =>
    catalogue.procedures.find((p) => p.slug === slug) as Procedure;
  const submit = (body: unknown) =>
    app.request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      env,
    );

  test('the online form of a boundary-free procedure offers the centres', async () => {
    const res = await app.request(`/nop-ho-so/${BOUNDARY_FREE}/`, {}, env);
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('name="noi-tra-ket-qua"');
    expect(page).toContain('Trung tâm Phục vụ hành chính công xã Công Hải');
  });

  test('stored as chosen; received at the agency’s own desk, nothing to forward', async () => {
    const res = await submit({
      ...validSubmission(procedureOf(BOUNDARY_FREE)),
      agency: 'ubnd-xa-thuan-bac',
      returnDesk: 'ttpvhcc-xa-cong-hai',
    });
    expect(res.status).toBe(201);
    const { code, secret } = (await res.json()) as { code: string; secret: string };
    expect(await placesOf(code)).toMatchObject({
      desk: 'ttpvhcc-xa-thuan-bac',
      agency: 'ubnd-xa-thuan-bac',
      returnDesk: 'ttpvhcc-xa-cong-hai',
      forwardedTo: null,
    });
    // The lookup names the return place.
    const lookup = await app.request(
      `/tra-cuu?ma=${encodeURIComponent(code)}&bm=${encodeURIComponent(secret)}`,
      {},
      env,
    );
    const page = await lookup.text();
    expect(page).toMatch(
      /Nơi nhận kết quả<\/h3>\s*<p>Trung tâm Phục vụ hành chính công xã Công Hải/,
    );
    // Công Hải's desk will return it; it sees it in its queue.
    expect((await queueCodes('deskCongHai')).some((i) => i.code === code)).toBe(true);
  });

  test('a return place outside the centres, or for another procedure, is refused', async () => {
    const wrong = await submit({
      ...validSubmission(procedureOf(BOUNDARY_FREE)),
      returnDesk: 'ubnd-tinh',
    });
    expect(wrong.status).toBe(422);
    const body = (await wrong.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toContain('returnDesk');
    const notFree = await submit({
      ...validSubmission(procedureOf(ONLY_OWN)),
      returnDesk: 'ttpvhcc-xa-cong-hai',
    });
    expect(notFree.status).toBe(422);
  });
});
