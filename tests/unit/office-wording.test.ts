import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { describeAuditDetail, describeAuditTarget } from '../../src/domain/audit.ts';
import { formatDateTime } from '../../src/domain/format.ts';
import { documentsReceived, receivedDocumentField } from '../../src/domain/forms/counter.ts';
import { APPLICANT_FIELDS, REPRESENTATIVE_FIELDS } from '../../src/domain/forms/fields.ts';
import { forOfficer, officerWording } from '../../src/domain/forms/officer-wording.ts';

/**
 * Issue 14: what an officer reads in the back office: times in Vietnam time as dd/mm/yyyy
 * HH:mm, the audit trail's internal values in words, the citizen's questions in the
 * third person.
 */

describe('times in the back office', () => {
  test('UTC and Vietnam-time stamps of the same instant read the same, in Vietnam time', () => {
    expect(formatDateTime('2026-12-05T16:36:42.123Z')).toBe('05/12/2026 23:36');
    expect(formatDateTime('2026-12-05T23:36:42+07:00')).toBe('05/12/2026 23:36');
    // Past midnight in Vietnam is the next day.
    expect(formatDateTime('2026-12-31T17:05:00Z')).toBe('01/01/2027 00:05');
    expect(formatDateTime('không phải thời điểm')).toBe('không phải thời điểm');
  });
});

describe('the audit trail in words', () => {
  test('a status change names the action and the statuses, once when unchanged', () => {
    expect(describeAuditDetail('transition', 'apologize: 4 → 4')).toBe(
      'Xin lỗi và hẹn lại ngày trả kết quả (Đang xử lý)',
    );
    expect(describeAuditDetail('transition', 'payment-received: 6 → 4')).toBe(
      'Xác nhận đã thực hiện nghĩa vụ tài chính (Yêu cầu thực hiện nghĩa vụ tài chính → Đang xử lý)',
    );
    expect(describeAuditDetail('account-created', 'receptionist')).toBe(
      'Cán bộ tiếp nhận (Bộ phận Một cửa)',
    );
    expect(describeAuditDetail('print-form', 'mẫu 01')).toBe('mẫu 01');
    expect(describeAuditDetail('login', null)).toBe('');
  });

  test('the book of a month and the queue are named, a dossier code is kept', () => {
    expect(describeAuditTarget('so-theo-doi 2026-12')).toBe('Sổ theo dõi tháng 12/2026');
    expect(describeAuditTarget('queue')).toBe('Hàng đợi hồ sơ');
    expect(describeAuditTarget('000.41.27.H43-261205-0001')).toBe('000.41.27.H43-261205-0001');
  });
});

describe('the officer’s words for the citizen’s form', () => {
  test('"bạn" becomes "người nộp", as a word only', () => {
    expect(officerWording('Quan hệ của bạn với trẻ')).toBe('Quan hệ của người nộp với trẻ');
    expect(officerWording('Bạn là chủ hộ?')).toBe('Người nộp là chủ hộ?');
    expect(officerWording('Thôn Bạnh')).toBe('Thôn Bạnh');
  });

  test('the common section: the representative box and the phone hint speak of the person', () => {
    expect(forOfficer({ name: 'nop-thay', label: 'Tôi nộp thay cho người có yêu cầu' }).label).toBe(
      'Người nộp là người được ủy quyền hoặc nộp thay cho người có yêu cầu',
    );
    expect(forOfficer(APPLICANT_FIELDS.phone).hint).not.toContain('cán bộ');
    expect(forOfficer(REPRESENTATIVE_FIELDS.relation).label).toBe(
      REPRESENTATIVE_FIELDS.relation.label,
    );
  });

  let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
  beforeAll(async () => {
    catalogue = await loadCatalogue('content');
  });

  test('no question of any procedure speaks to "bạn" once in the officer’s words', () => {
    const left: string[] = [];
    let changed = 0;
    for (const p of catalogue.procedures) {
      for (const field of p.onlineForm?.fields ?? []) {
        const officer = forOfficer(field);
        if (officer.label !== field.label) changed++;
        const texts = [
          officer.label,
          officer.hint ?? '',
          ...(officer.options ?? []).map((o) => o.label),
        ];
        for (const text of texts)
          if (/(?<![\p{L}\p{M}])bạn(?![\p{L}\p{M}])/iu.test(text))
            left.push(`${p.slug}: ${field.name}: ${text}`);
      }
    }
    expect(left).toEqual([]);
    // The rule is exercised by the catalogue ("Quan hệ của bạn với…").
    expect(changed).toBeGreaterThan(0);
  });
});

describe('the checklist of papers received at the counter', () => {
  test('the ticked documents by name, in the procedure’s order', () => {
    const documents = [{ name: 'Tờ khai' }, { name: 'Giấy chứng sinh' }, { name: 'Giấy ủy quyền' }];
    expect(
      documentsReceived(documents, {
        [receivedDocumentField(2)]: 'co',
        [receivedDocumentField(0)]: 'co',
        [receivedDocumentField(1)]: '',
      }),
    ).toEqual(['Tờ khai', 'Giấy ủy quyền']);
    expect(documentsReceived(documents, {})).toEqual([]);
  });
});
