import { describe, expect, test } from 'vitest';
import { APPLICANT_FIELDS } from '../../src/domain/forms/fields.ts';
import { expectErrorSummary } from './error-summary.ts';
import { call } from './helpers.ts';
import { ONLINE, validFields } from './submission-helpers.ts';

/**
 * Every page that shows a form with errors uses the one error summary (src/ui/form.ts):
 * first in main, linked to the fields, with the "Lỗi: " title. The evaluation form and
 * the page-feedback comment are checked in their own files (they need a dossier, a ticket).
 */

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('the error summary of each form page', () => {
  test('online submission form: 422, every problem linked to its field with the inline words', async () => {
    const res = await call(
      `/nop-ho-so/${ONLINE.slug}/`,
      form({
        'idempotency-key': crypto.randomUUID(),
        [APPLICANT_FIELDS.fullName.name]: 'Nguyễn Thị Lan',
        [APPLICANT_FIELDS.phone.name]: '123',
        ...Object.fromEntries(Object.entries(validFields(ONLINE)).map(([k, v]) => [`f-${k}`, v])),
      }),
    );
    expect(res.status).toBe(422);
    const { targets } = expectErrorSummary(await res.text(), { inline: true });
    expect(targets).toContain('f_dien-thoai');
    expect(targets).toContain('f_so-dinh-danh');
    expect(targets).not.toContain('f_ho-ten');
  });

  test('kiosk: no level chosen links to the levels, a wrong code to the code field', async () => {
    const kiosk = '/danh-gia/quay/ttpvhcc-xa-thuan-bac';
    const none = await call(kiosk, form({ ma: '' }));
    expect(none.status).toBe(422);
    expect(expectErrorSummary(await none.text(), { inline: true }).targets).toEqual(['f_muc']);
    const wrong = await call(kiosk, form({ muc: '4', ma: '000.00.00.H00-000000-0000' }));
    expect(wrong.status).toBe(422);
    expect(expectErrorSummary(await wrong.text(), { inline: true }).targets).toEqual(['f_ma']);
  });

  test('lookup: a missing code or secret is linked to its field', async () => {
    const res = await call('/tra-cuu?ma=000.20.27.H43-261127-0001');
    expect(res.status).toBe(400);
    expect(expectErrorSummary(await res.text(), { inline: true }).targets).toEqual(['f_bm']);
  });

  test('statistics: a wrong parameter is linked to its control', async () => {
    const res = await call('/thong-ke?ky=quy&quy=9');
    expect(res.status).toBe(400);
    expect(expectErrorSummary(await res.text(), { inline: true }).targets).toEqual(['tk-quy']);
  });

  test('search: a wrong filter is named as the form labels it and linked to it', async () => {
    const res = await call('/tim-kiem?q=khai+sinh&level=quoc-gia&trang=x');
    expect(res.status).toBe(400);
    const { targets, messages } = expectErrorSummary(await res.text());
    expect(targets).toEqual(['q-level']);
    expect(messages.join(' ')).toMatch(/^Cấp thực hiện: .*Trang: /);
  });
});
