import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import type { StatsReport } from '../../functions/services/stats.ts';
import { call } from './helpers.ts';
import { validSubmission } from './submission-helpers.ts';

/**
 * A citizen who still writes the commune as it was before 01/07/2025 (xã Lợi Hải, xã Bắc
 * Phong, now xã Thuận Bắc) is understood: in the form, in search and in the statistics.
 */

const post = (body: unknown) =>
  call('/api/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const storedCommune = async (code: string) =>
  (
    await env.DB.prepare('SELECT commune FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<{ commune: string }>()
  )?.commune;

const received = async (scope: string) => {
  const year = new Date().getFullYear();
  const res = await call(`/api/stats?ky=nam&nam=${year}&pham-vi=${encodeURIComponent(scope)}`);
  expect(res.status, scope).toBe(200);
  return ((await res.json()) as { data: StatsReport }).data.totals.received;
};

describe('an old commune name', () => {
  test('is accepted in the form and counted under today’s commune, which the statistics say', async () => {
    const before = await received('xa:Thuận Bắc');
    const beforeCongHai = await received('xa:Công Hải');

    const chosen = validSubmission();
    chosen.applicant = { ...chosen.applicant, address: 'Thôn Suối Vang', commune: 'Lợi Hải' };
    const byChoice = await post(chosen);
    expect(byChoice.status, await byChoice.clone().text()).toBe(201);
    expect(await storedCommune(((await byChoice.json()) as { code: string }).code)).toBe('Lợi Hải');

    // "Nơi khác" chosen, but the address names a former commune of the locality.
    const written = validSubmission();
    written.applicant = {
      ...written.applicant,
      address: 'Thôn Ba Tháp, xã Bắc Phong, huyện Thuận Bắc, tỉnh Ninh Thuận',
      commune: 'khac',
    };
    const byAddress = await post(written);
    expect(byAddress.status, await byAddress.clone().text()).toBe(201);
    expect(await storedCommune(((await byAddress.json()) as { code: string }).code)).toBe(
      'Bắc Phong',
    );

    expect(await received('xa:Thuận Bắc')).toBe(before + 2);
    expect(await received('xa:Công Hải')).toBe(beforeCongHai);

    const year = new Date().getFullYear();
    const page = await (
      await call(`/thong-ke?ky=nam&nam=${year}&pham-vi=${encodeURIComponent('xa:Thuận Bắc')}`)
    ).text();
    expect(page).toContain(
      'kể cả hồ sơ ghi địa chỉ ở xã Bắc Phong, xã Lợi Hải, xã Phước Kháng trước đây',
    );
  });

  test('a commune that never was one of the locality’s is still refused', async () => {
    const wrong = validSubmission();
    wrong.applicant = { ...wrong.applicant, commune: 'Phước Dinh' };
    expect((await post(wrong)).status).toBe(422);
  });

  test.each(['Lợi Hải', 'loi hai'])('search "%s" points to xã Thuận Bắc’s centre', async (q) => {
    const page = await (await call(`/tim-kiem?q=${encodeURIComponent(q)}`)).text();
    expect(page).toContain('Xã Thuận Bắc (trước đây xã Lợi Hải)');
    expect(page).toContain('href="/co-quan/ttpvhcc-xa-thuan-bac/"');
    expect(page).toContain('href="/co-quan/cong-an-xa-thuan-bac/"');
  });
});

test('the 2019 figures stay as reported history of the former district', async () => {
  const page = await (await call('/thong-ke?ky=nam&nam=2019')).text();
  expect(page).toContain('Huyện Thuận Bắc, tỉnh Ninh Thuận trước đây');
  expect(page).toMatch(/Hồ sơ tiếp nhận<\/dt><dd>1\.510</);
});
