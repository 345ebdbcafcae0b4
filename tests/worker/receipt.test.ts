import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { app } from './test-worker.ts';
import { onlineFormValues, PDF_BYTES, receiptCode } from './submission-helpers.ts';

/** Birth registration: five components, one of them only for an abandoned child. */
const BIRTH = catalogue.procedures.find((p) => p.slug === 'dang-ky-khai-sinh') as Procedure;
if (!BIRTH || BIRTH.online === 'khong' || BIRTH.documents.length < 3)
  throw new Error('demo procedure dang-ky-khai-sinh must be online with several components');

function formData(): FormData {
  const data = new FormData();
  const values: Record<string, string> = onlineFormValues(BIRTH);
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  // Only the second component (the birth certificate) comes with a file.
  data.set('tep-1', new File([PDF_BYTES], 'giay-chung-sinh.pdf', { type: 'application/pdf' }));
  return data;
}

let receipt: Promise<string> | undefined;
/** One submission shared by the tests of this file. */
function receiptHtml(): Promise<string> {
  receipt ??= (async () => {
    const res = await app.request(
      `/nop-ho-so/${BIRTH.slug}/`,
      { method: 'POST', body: formData() },
      env,
    );
    const text = await res.text();
    expect(res.status, text.slice(0, 3000)).toBe(201);
    return text;
  })();
  return receipt;
}

const between = (html: string, start: string, end: string) => {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThan(-1);
  return html.slice(from, html.indexOf(end, from));
};
const codeOf = (html: string) => receiptCode(html) as string;
const secretOf = (html: string) =>
  /class="code">([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</.exec(html)?.[1] as string;

describe('the receipt after an online submission', () => {
  test('ends with the place and date of the desk, and no signer (nobody has received it yet)', async () => {
    const html = await receiptHtml();
    const article = between(html, '<article class="receipt"', '</article>');
    expect(article).toMatch(
      /<p class="place-date"><em>[^,<]+, ngày \d{2} tháng \d{1,2} năm \d{4}<\/em><\/p>\s*$/,
    );
    expect(article).not.toContain('class="signer"');
    expect(article).not.toContain('Giấy tờ đã nhận');
  });

  test('lists as sent only the components that came with a file, with the file names', async () => {
    const html = await receiptHtml();
    const sent = between(html, '<ol class="receipt-sent">', '</ol>');
    const [, certificate, ...others] = BIRTH.documents;
    expect(sent).toContain(certificate?.name);
    expect(sent).toContain('giay-chung-sinh');
    expect(sent.match(/<li>/g)).toHaveLength(1);
    for (const d of [BIRTH.documents[0], ...others]) expect(sent).not.toContain(d?.name);
    // The abandoned-child record is never presented as sent: it appears only in what to
    // bring, with its condition.
    const abandoned = BIRTH.documents.find((d) => d.name.includes('bỏ rơi'));
    expect(abandoned?.condition).toBeDefined();
    const bring = between(html, '<section class="receipt-bring"', '</section>');
    const item = between(bring, `<strong>${abandoned?.name}</strong>`, '</li>');
    expect(item).toContain(`Chỉ khi: ${abandoned?.condition}`);
    expect(item).toContain('Chưa gửi bản điện tử');
    expect(item).not.toContain('Đã gửi');
  });

  test('says what to bring to the desk: originals as the procedure says, an identity paper, the receipt', async () => {
    const html = await receiptHtml();
    const bring = between(html, '<section class="receipt-bring"', '</section>');
    expect(bring).toContain('Khi đến nhận kết quả, mang theo');
    const online = BIRTH.channels.find((c) => c.type === 'truc-tuyen')?.note;
    expect(online).toBeDefined();
    expect(bring).toContain(online);
    for (const d of BIRTH.documents.filter((doc) => doc.originals > 0))
      expect(bring).toContain(`<strong>${d.name}</strong>: ${d.originals} bản chính`);
    expect(bring).toMatch(/căn cước/i);
    expect(bring).toContain(codeOf(html));
  });

  test('the lookup link carries this dossier’s code and secret and opens its status', async () => {
    const html = await receiptHtml();
    const href = /<a class="button" href="(\/tra-cuu\?[^"]+)"[^>]*>Tra cứu hồ sơ<\/a>/.exec(
      html,
    )?.[1];
    expect(href).toBeDefined();
    const url = new URL((href as string).replaceAll('&amp;', '&'), 'http://localhost');
    expect(url.searchParams.get('ma')).toBe(codeOf(html));
    expect(url.searchParams.get('bm')?.replace(/-/g, '')).toBe(secretOf(html).replace(/-/g, ''));
    const status = await app.request(url.pathname + url.search, {}, env);
    expect(status.status).toBe(200);
    expect(status.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await status.text();
    expect(page).toContain(`Hồ sơ ${codeOf(html)}`);
    expect(page).toContain('Mới đăng ký');
  });

  test('the receipt page is not indexed, shows the codes as text and the QR code for print and wide screens', async () => {
    const html = await receiptHtml();
    expect(html).toContain('<meta name="robots" content="noindex">');
    // Hidden on a phone's own screen (it cannot scan itself), shown on a computer and in print.
    expect(html).toMatch(/<div class="qr-block qr-wide"><svg/);
    // The dossier code wraps only after a hyphen, never inside a number.
    expect(html).toMatch(/class="code">[^<]+-<wbr>\d{6}-<wbr>\d{4}</);
  });

  test('shows what the citizen declared, labelled and formatted, so a mistake is caught now', async () => {
    const html = await receiptHtml();
    const declared = between(html, '<dl class="declared">', '</dl></dd>');
    const values = onlineFormValues(BIRTH);
    for (const field of BIRTH.onlineForm?.fields ?? []) {
      const value = values[`f-${field.name}`] ?? '';
      if (value === '') {
        expect(declared, field.name).not.toContain(`<dt>${field.label}</dt>`);
        continue;
      }
      expect(declared, field.name).toContain(`<dt>${field.label}</dt>`);
      // Stored values are never shown raw: an option reads as its label, a date dd/mm/yyyy.
      const option = field.options?.find((o) => o.value === value);
      if (option) expect(declared, field.name).toContain(`<dd>${option.label}</dd>`);
      if (field.type === 'date')
        expect(declared, field.name).toMatch(/<dd>\d{2}\/\d{2}\/\d{4}<\/dd>/);
    }
    // The ID number shows its last four digits only: the paper (whose QR code carries the
    // lookup secret) must not be enough to ask online for a stop.
    const id = onlineFormValues(BIRTH)['so-dinh-danh'] as string;
    expect(html).not.toContain(id);
    expect(html).toContain(`<dt>Số định danh cá nhân</dt><dd>********${id.slice(-4)}</dd>`);
    // The phone and the e-mail address each on their own line.
    expect(html).toMatch(/<dt>Số điện thoại<\/dt><dd>[0-9 ]+<\/dd>/);
  });

  test('"Lưu biên nhận" downloads the receipt, with its codes and QR code, without JavaScript', async () => {
    const html = await receiptHtml();
    const link =
      /<a [^>]*href="data:text\/html;charset=utf-8;base64,([A-Za-z0-9+/=]+)" download="([^"]+)">Lưu biên nhận<\/a>/.exec(
        html,
      );
    expect(link).not.toBeNull();
    expect(link?.[2]).toMatch(/^bien-nhan-.+\.html$/);
    const bytes = Uint8Array.from(atob(link?.[1] as string), (ch) => ch.charCodeAt(0));
    const saved = new TextDecoder().decode(bytes);
    expect(saved).toMatch(/^<!doctype html>/);
    expect(saved.replaceAll('<wbr>', '')).toContain(codeOf(html));
    expect(saved).toContain(secretOf(html));
    expect(saved).toContain('<svg');
    expect(saved).toContain('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
  });

  test('the model header: issuing body on the left, form number and national motto on the right', async () => {
    const html = await receiptHtml();
    const head = between(html, '<header class="receipt-head form-head">', '</header>');
    const issuer = head.indexOf('class="form-issuer"');
    const motto = head.indexOf('class="form-motto"');
    expect(issuer).toBeGreaterThan(-1);
    expect(motto).toBeGreaterThan(issuer);
    expect(head.indexOf('ỦY BAN NHÂN DÂN')).toBeGreaterThan(issuer);
    expect(head.indexOf('ỦY BAN NHÂN DÂN')).toBeLessThan(motto);
    expect(head.indexOf('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBeGreaterThan(motto);
    expect(head).toContain('Mẫu số 01');
  });
});
