import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { as, type Session, signIn } from './office-helpers.ts';
import { PDF_BYTES, toBase64, validSubmission } from './submission-helpers.ts';
import { app } from './test-worker.ts';

/**
 * What officers read of a dossier: answers with their labels and Vietnamese formats (issue 14
 * item 3), and the printed forms laid out as the model forms (item 6).
 */

const BIRTH = catalogue.procedures.find((p) => p.slug === 'dang-ky-khai-sinh') as Procedure;

let desk: Session;

beforeAll(async () => {
  desk = await signIn('tn.hienthi', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
});

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await app.request(
    '/api/submissions',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    env,
  );
  if (res.status !== 201) throw new Error(`submission failed: ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

let people = 0;
/** Another applicant each time (submissions per person are rate-limited), same address. */
function applicant(address?: string) {
  people += 1;
  const base = validSubmission(BIRTH).applicant;
  return {
    ...base,
    idNumber: `0581850${String(10000 + people)}`,
    phone: `09123${String(10000 + people).slice(0, 5)}`,
    ...(address === undefined ? {} : { address }),
  };
}

/** A birth registration answered "Mẹ", "Nam", born 25/11/2025, with the commune in the address. */
async function birthDossier(extra: Record<string, unknown> = {}): Promise<string> {
  const base = validSubmission(BIRTH);
  return submit({
    ...base,
    applicant: applicant(),
    agency: 'ubnd-xa-thuan-bac',
    fields: {
      ...base.fields,
      'quan-he-voi-tre': 'me',
      'gioi-tinh-tre': 'nam',
      'ngay-sinh-tre': '2025-11-25',
      // An optional answer left blank, as the online form posts it.
      'ho-ten-cha': '',
    },
    ...extra,
  });
}

/** The `<dd>` of the `<dt>` with this text in a page's description lists. */
const ddOf = (page: string, label: string) =>
  new RegExp(`<dt>${label}</dt><dd>([\\s\\S]*?)</dd>`).exec(page)?.[1];

describe("the officer's dossier page shows values, not stored codes", () => {
  test('option labels, vi-VN dates and the commune once', async () => {
    const code = await birthDossier();
    const res = await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    // The citizen's question in the officer's words; blank optional answers are not listed.
    expect(ddOf(page, 'Quan hệ của người nộp với trẻ')).toBe('Mẹ');
    expect(page).not.toContain('của bạn');
    expect(page).not.toMatch(/<dd>\s*<\/dd>/);
    expect(page).not.toContain('Họ, chữ đệm và tên của cha');
    expect(ddOf(page, 'Giới tính của trẻ')).toBe('Nam');
    expect(ddOf(page, 'Ngày sinh của trẻ')).toBe('25/11/2025');
    expect(ddOf(page, 'Ngày sinh')).toBe('02/03/1985');
    expect(page).not.toContain('2025-11-25');
    // The address named "xã Thuận Bắc" already: the commune is not written a second time.
    expect(ddOf(page, 'Địa chỉ')).toBe('Thôn Ba Tháp, xã Thuận Bắc');
    expect(ddOf(page, 'Địa chỉ')?.match(/Thuận Bắc/g)).toHaveLength(1);
  });

  test('an address without the commune gets it once, with its unit', async () => {
    const code = await birthDossier({ applicant: applicant('Thôn Xóm Đèn') });
    const page = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}`)).text();
    expect(ddOf(page, 'Địa chỉ')).toBe('Thôn Xóm Đèn, xã Thuận Bắc');
  });
});

describe('the tracking book and the receipt write the address the same way', () => {
  test('book CSV (form 06): the commune added once to an address without it', async () => {
    const code = await birthDossier({ applicant: applicant('Thôn Xóm Đèn') });
    const csv = new TextDecoder().decode(
      await (await as(desk, '/can-bo/so-theo-doi?dang=csv')).arrayBuffer(),
    );
    const row = csv.split(/\r?\n/).find((line) => line.includes(code)) ?? '';
    expect(row).toMatch(/"Thôn Xóm Đèn, xã Thuận Bắc, 09\d{8}"/);
  });

  test('counter receipt: the commune chosen in the form written once after the address', async () => {
    const path = `/can-bo/tiep-nhan/${BIRTH.slug}`;
    const form = await (await as(desk, path)).text();
    const data = new FormData();
    const fields: Record<string, string> = {
      _csrf: desk.csrf,
      'idempotency-key':
        /name="idempotency-key" value="([^"]+)"/.exec(form)?.[1] ?? crypto.randomUUID(),
      'ho-ten': 'Trần Văn Bình',
      'so-dinh-danh': '058090001234',
      'ngay-sinh': '1990-05-05',
      'dien-thoai': '0987654321',
      'dia-chi': 'Thôn Xóm Đèn',
      xa: 'Thuận Bắc',
      ...Object.fromEntries(
        Object.entries(validSubmission(BIRTH).fields).map(([k, v]) => [`f-${k}`, v]),
      ),
    };
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    const res = await as(desk, path, { method: 'POST', body: data });
    const receipt = await res.text();
    expect(res.status, receipt.slice(0, 2000)).toBe(201);
    expect(ddOf(receipt, 'Địa chỉ')).toBe('Thôn Xóm Đèn, xã Thuận Bắc');
  });
});

describe('printed forms follow the model layout', () => {
  /** The head: the element with class form-head, and the two columns inside it. */
  const head = (page: string) => {
    const block = /<header class="receipt-head form-head">([\s\S]*?)<\/header>/.exec(page)?.[1];
    const columns = [
      ...(block ?? '').matchAll(/<div class="form-(issuer|motto)">([\s\S]*?)<\/div>/g),
    ];
    return { block, columns };
  };

  test.each(['01', '06'])(
    'form %s: issuing body left, motto right, bold and underlined',
    async (form) => {
      const code = await birthDossier();
      const res = await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}/mau/${form}`);
      expect(res.status).toBe(200);
      const page = await res.text();
      const { block, columns } = head(page);
      expect(block, 'a two-column header').toBeDefined();
      expect(columns.map((c) => c[1])).toEqual(['issuer', 'motto']);
      const [issuer, motto] = columns.map((c) => c[2] ?? '');
      // The issuing body, upper case, with the body it belongs to above it.
      expect(issuer).toContain('<strong>TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG');
      expect(issuer).not.toMatch(/CỘNG HÒA/);
      expect(issuer?.replace(/<[^>]+>/g, '')).toBe(
        issuer?.replace(/<[^>]+>/g, '').toLocaleUpperCase('vi-VN'),
      );
      // The motto: the national name upper case and bold, the motto bold and underlined.
      expect(motto).toContain(`Mẫu số ${form}`);
      expect(motto).toContain('<strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>');
      expect(motto).toContain('<strong><u>Độc lập - Tự do - Hạnh phúc</u></strong>');
      expect(motto?.indexOf(`Mẫu số ${form}`)).toBeLessThan(motto?.indexOf('CỘNG HÒA') ?? -1);
      // The header comes before the title; hints are <small>, not the screen's .small class.
      expect(page.indexOf('form-head')).toBeLessThan(page.indexOf('<h1>'));
      const article = /<article class="receipt">([\s\S]*?)<\/article>/.exec(page)?.[1] ?? '';
      expect(article).not.toContain('class="small"');
    },
  );

  test('form 01 lists the documents received, and only those', async () => {
    const code = await birthDossier({
      attachments: [
        { document: 0, fileName: 'to-khai.pdf', data: toBase64(PDF_BYTES) },
        { document: 1, fileName: 'chung-sinh-1.pdf', data: toBase64(PDF_BYTES) },
        { document: 1, fileName: 'chung-sinh-2.pdf', data: toBase64(PDF_BYTES) },
      ],
    });
    const page = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}/mau/01`)).text();
    const list = /<ol class="received-documents">([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? '';
    const items = [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual([
      'Tờ khai đăng ký khai sinh: 01 tệp điện tử',
      'Giấy chứng sinh: 02 tệp điện tử',
    ]);
    expect(list).not.toContain('Văn bản ủy quyền');
    // The address on the form: the commune once.
    expect(page).toMatch(/Nguyễn Thị Lan, Thôn Ba Tháp, xã Thuận Bắc, ĐT 09\d{8}</);
  });

  test('form 01 without stored files says so and leaves lines to write on', async () => {
    const code = await birthDossier();
    const page = await (await as(desk, `/can-bo/ho-so/${encodeURIComponent(code)}/mau/01`)).text();
    expect(page).not.toContain('received-documents');
    expect(ddOf(page, 'Thành phần hồ sơ đã nhận')).toMatch(/^Không có tệp nào trong hệ thống/);
  });
});
