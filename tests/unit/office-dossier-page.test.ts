import { describe, expect, test } from 'vitest';
import { raw } from '../../src/ui/html.ts';
import { type OfficeDossierPage, officeDossierMain } from '../../src/ui/office-dossier.ts';

/**
 * Issue 14: the officer's dossier page says each step once (the action, and the status only
 * when it says something else), lists only the answers given, and the papers received.
 */

function page(over: Partial<OfficeDossierPage['dossier']> = {}): OfficeDossierPage {
  const event = (
    status: 2 | 4 | 6,
    action: 'receive' | 'request-payment' | 'payment-received',
  ) => ({
    status,
    action,
    at: '2026-12-05T09:00:00+07:00',
    actor: 'x',
    actorName: 'Cán bộ A',
    note: null,
    publicNote: null,
    dueDate: null,
  });
  return {
    csrfField: raw(''),
    dossier: {
      code: '000.41.27.H43-261205-0001',
      status: 4,
      procedureCode: '1.001193',
      procedureTitle: 'Đăng ký khai sinh',
      agencySlug: 'ubnd-xa-bac-phong',
      channel: 1,
      dueDate: '2026-12-08',
      countedFrom: '2026-12-05T09:00:00+07:00',
      processingDays: 1,
      calendarProvisional: false,
      onlineForm: { 'quan-he': 'Mẹ', 'ho-ten-cha': '' },
      applicant: undefined,
      purgedAt: null,
      ...over,
    },
    events: [event(2, 'receive'), event(6, 'request-payment'), event(4, 'payment-received')],
    attachments: [],
    actions: [],
    timeliness: 'in-progress',
    agencyName: (slug) => slug,
    formFields: [
      { name: 'quan-he', label: 'Quan hệ của người nộp với trẻ', type: 'text' },
      { name: 'ho-ten-cha', label: 'Họ, chữ đệm và tên của cha', type: 'text' },
    ],
    communes: [],
    rules: { title: 'Bộ quy định 2025', forms: [] },
    showPersonalData: true,
    isAdmin: false,
    notice: {},
  } as OfficeDossierPage;
}

describe('the officer’s dossier page', () => {
  test('a step whose action says the status is not said twice', () => {
    const html = String(officeDossierMain(page()));
    expect(html).not.toContain(
      'Yêu cầu thực hiện nghĩa vụ tài chính</strong> – Yêu cầu thực hiện nghĩa vụ tài chính',
    );
    expect(html).toContain('<strong>Yêu cầu thực hiện nghĩa vụ tài chính</strong> <span');
    // Other steps keep both: the status reached and what was done.
    expect(html).toContain(
      '<strong>Đang xử lý</strong> – Xác nhận đã thực hiện nghĩa vụ tài chính',
    );
  });

  test('answers left blank are not listed', () => {
    const html = String(officeDossierMain(page()));
    expect(html).toContain('<dt>Quan hệ của người nộp với trẻ</dt><dd>Mẹ</dd>');
    expect(html).not.toContain('Họ, chữ đệm và tên của cha');
  });

  test('the papers received at the counter, when recorded', () => {
    const html = String(
      officeDossierMain(
        page({ documentsReceived: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh'] }),
      ),
    );
    expect(html).toContain('<h2>Giấy tờ đã nhận tại quầy</h2>');
    expect(html).toContain('<li>Giấy chứng sinh</li>');
    expect(String(officeDossierMain(page()))).not.toContain('Giấy tờ đã nhận tại quầy');
  });
});
