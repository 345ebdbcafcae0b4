import { describe, expect, test } from 'vitest';
import {
  formatDossierCode,
  formatSecret,
  newSecret,
  normaliseSecret,
  parseDossierCode,
  receptionDay,
} from '../../src/domain/dossier/code.ts';
import { constantTimeEqual, hashSecret, seal, unseal } from '../../src/domain/dossier/secret.ts';
import { STATUS } from '../../src/domain/dossier/status.ts';
import { timeliness } from '../../src/domain/dossier/timeliness.ts';
import { safeFileName, sniffType } from '../../src/domain/files/sniff.ts';
import { checkField, cleanText } from '../../src/domain/forms/fields.ts';
import type { FormField } from '../../src/schemas/online-form.ts';
import { checkIdNumber, checkMobile, normalisePhone } from '../../src/domain/validate/personal.ts';

describe('personal identification number', () => {
  test.each([
    ['058185001234', '1985-03-02', undefined], // woman born 1985 in Ninh Thuận
    ['058085001234', '1985-03-02', undefined], // man born 1985
    ['001203001234', '2003-12-31', undefined], // born 2003 in Hà Nội
    ['079302001234', '2002-01-01', undefined],
    ['840185001234', '1985-03-02', undefined], // birth registered abroad: unknown place code is fine
    ['058185001234', undefined, undefined], // no date of birth to compare with
    ['05818500123', '1985-03-02', /12 chữ số/],
    ['05818500123a', '1985-03-02', /12 chữ số/],
    ['058285001234', '1985-03-02', /chữ số thứ 4/], // 2 means 2000s
    ['058186001234', '1985-03-02', /chữ số thứ 5 và 6/],
    ['058103001234', '2003-05-05', /chữ số thứ 4/], // born 2003 needs 2 or 3
  ])('%s born %s', (id, birth, expected) => {
    const error = checkIdNumber(id, birth);
    if (expected) expect(error).toMatch(new RegExp(expected.source, 'i'));
    else expect(error).toBeUndefined();
  });
});

describe('mobile numbers', () => {
  test.each([
    ['0912345678', true],
    ['+84 912 345 678', true],
    ['84912345678', true],
    ['091.234.5678', true],
    ['0321234567', true],
    ['0591234567', true],
    ['02593888999', false], // landline
    ['0112345678', false],
    ['091234567', false],
    ['09123456789', false],
  ])('%s → %s', (raw, ok) => {
    expect(checkMobile(raw) === undefined).toBe(ok);
  });
  test('numbers are stored in one form', () => {
    expect(normalisePhone('+84 912-345-678')).toBe('0912345678');
  });
});

describe('checkField cleans and checks like the server and the browser', () => {
  const ctx = { today: '2026-11-27', values: {} };
  test.each([
    [
      { name: 'a', label: 'Ngày sinh của trẻ', type: 'date', required: true, past: true } as const,
      '05/01/2024',
      '2024-01-05',
      undefined,
    ],
    [
      { name: 'a', label: 'Ngày sinh của trẻ', type: 'date', required: true, past: true } as const,
      '30/02/2024',
      '2024-02-30',
      /ngày\/tháng\/năm/,
    ],
    [
      { name: 'a', label: 'Ngày sinh của trẻ', type: 'date', required: true, past: true } as const,
      '2030-01-01',
      '2030-01-01',
      /không thể sau/,
    ],
    [
      { name: 'a', label: 'Số tháng', type: 'number', required: true, min: 1, max: 24 } as const,
      '30',
      '30',
      /lớn nhất là 24/,
    ],
    [
      { name: 'a', label: 'Vốn (đồng)', type: 'number', required: true } as const,
      '50.000.000',
      '50000000',
      undefined,
    ],
    [
      { name: 'a', label: 'Diện tích (m²)', type: 'number', required: true } as const,
      '72,5',
      '72.5',
      undefined,
    ],
    [
      { name: 'a', label: 'Diện tích (m²)', type: 'number', required: true } as const,
      '1.234,5',
      '1234.5',
      undefined,
    ],
    [
      { name: 'a', label: 'Diện tích (m²)', type: 'number', required: true } as const,
      'mười',
      'mười',
      /phải là một số/,
    ],
    [
      {
        name: 'a',
        label: 'Giới tính',
        type: 'radio',
        required: true,
        options: [
          { value: 'nam', label: 'Nam' },
          { value: 'nu', label: 'Nữ' },
        ],
      } as const,
      'khac',
      'khac',
      /trong danh sách/,
    ],
    [
      { name: 'a', label: 'Họ tên', type: 'person-name', required: true } as const,
      '  Nguyễn   Văn  An ',
      'Nguyễn Văn An',
      undefined,
    ],
    [
      { name: 'a', label: 'Họ tên', type: 'person-name', required: true } as const,
      'An<script>',
      'An<script>',
      /chữ cái/,
    ],
    [
      { name: 'a', label: 'Họ tên', type: 'person-name', required: true } as const,
      '',
      '',
      /Cần điền họ tên/,
    ],
    [{ name: 'a', label: 'Ghi chú', type: 'text', required: false } as const, '', '', undefined],
    [
      { name: 'a', label: 'Ghi chú', type: 'text', required: true, maxLength: 5 } as const,
      '123456',
      '123456',
      /dài quá 5/,
    ],
  ])('%j %j', (field, raw, value, error) => {
    const result = checkField(field as FormField, raw, ctx);
    expect(result.value).toBe(value);
    if (error) expect(result.error).toMatch(error);
    else expect(result.error).toBeUndefined();
  });

  test('text is NFC, and invisible or direction-changing characters are dropped', () => {
    expect(cleanText('Nguye\u0302\u0303n\u200B\u202E An')).toBe('Nguyễn An');
    expect(cleanText('dòng 1\ndòng 2')).toBe('dòng 1\ndòng 2');
  });
});

describe('dossier codes and secrets', () => {
  test('structure: identifier – YYMMDD in Vietnam time – sequence of at least 4 digits', () => {
    // 20:30 UTC on 2 June is already 3 June in Vietnam.
    expect(receptionDay(new Date('2025-06-02T20:30:00Z'))).toBe('250603');
    expect(formatDossierCode('000.21.27.H43', '250603', 7)).toBe('000.21.27.H43-250603-0007');
    // The 10,000th dossier of a day gets five digits, and reads back.
    expect(formatDossierCode('000.21.27.H43', '250603', 10000)).toBe('000.21.27.H43-250603-10000');
    expect(parseDossierCode('000.21.27.H43-250603-10000')?.sequence).toBe(10000);
    expect(() => formatDossierCode('000.21.27.H43', '250603', 0)).toThrow();
    expect(() => formatDossierCode('000.21.27.H43', '250603', 1e9)).toThrow();
    expect(parseDossierCode(' 000.21.27.h43-250603-0007 ')).toEqual({
      agencyCode: '000.21.27.H43',
      day: '250603',
      sequence: 7,
    });
    expect(parseDossierCode('000.21.27.H43-2506-0007')).toBeUndefined();
  });

  test('secrets: unambiguous letters, typed back in any form', async () => {
    const secrets = new Set(Array.from({ length: 200 }, () => newSecret()));
    expect(secrets.size).toBe(200);
    for (const s of secrets) expect(s).toMatch(/^[2-9A-HJKMNP-Z]{12}$/);
    const secret = [...secrets][0] as string;
    expect(normaliseSecret(formatSecret(secret).toLowerCase().replace(/-/g, ' '))).toBe(secret);
    const hash = await hashSecret(secret, 'salt-1');
    expect(hash).not.toBe(await hashSecret(secret, 'salt-2'));
    expect(constantTimeEqual(hash, await hashSecret(secret, 'salt-1'))).toBe(true);
  });

  test('a sealed secret opens only with the same idempotency key', async () => {
    const sealed = await seal('key-one-0123456789', 'ABCDEFGHJKMN');
    expect(sealed).not.toContain('ABCDEFGHJKMN');
    expect(await unseal('key-one-0123456789', sealed)).toBe('ABCDEFGHJKMN');
    expect(await unseal('key-two-0123456789', sealed)).toBeUndefined();
  });
});

describe('attachments are recognised by content, not by name', () => {
  test.each([
    [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], 'application/pdf'],
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
    [[0x3c, 0x68, 0x74, 0x6d, 0x6c], undefined],
    [[0x4d, 0x5a], undefined], // a Windows executable
    [[], undefined],
  ])('%j → %s', (bytes, type) => {
    expect(sniffType(new Uint8Array(bytes))).toBe(type);
  });
  test.each([
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\x\\scan.JPG', 'image/jpeg', 'scan.jpg'],
    ['ảnh chụp.png', 'image/png', 'ảnh chụp.png'],
    ['evil\u202Egnp.exe', 'image/png', 'evilgnp.png'],
    ['', 'application/pdf', 'tep.pdf'],
  ] as const)('%j → %j', (name, type, safe) => {
    expect(safeFileName(name, type)).toBe(safe);
  });
});

describe('on time is derived from the events and the appointment', () => {
  const events = (pairs: [number, string][]) =>
    pairs.map(([status, at]) => ({ status: status as 1, at }));
  test.each([
    [
      [
        [1, '2025-06-02T09:00:00+07:00'],
        [9, '2025-06-04T10:00:00+07:00'],
      ],
      '2025-06-05',
      'early',
    ],
    [
      [
        [1, '2025-06-02T09:00:00+07:00'],
        [9, '2025-06-05T16:59:00+07:00'],
      ],
      '2025-06-05',
      'on-time',
    ],
    [
      [
        [1, '2025-06-02T09:00:00+07:00'],
        [9, '2025-06-06T08:00:00+07:00'],
      ],
      '2025-06-05',
      'late',
    ],
    // Processing ends at 9, not at the later 10.
    [
      [
        [1, '2025-06-02T09:00:00+07:00'],
        [9, '2025-06-05T10:00:00+07:00'],
        [10, '2025-06-09T10:00:00+07:00'],
      ],
      '2025-06-05',
      'on-time',
    ],
    // 17:30 UTC is already the next day in Vietnam.
    [
      [
        [1, '2025-06-02T09:00:00+07:00'],
        [9, '2025-06-05T17:30:00Z'],
      ],
      '2025-06-05',
      'late',
    ],
    [[[1, '2025-06-02T09:00:00+07:00']], '2025-06-30', 'in-progress'],
    [[[1, '2025-06-02T09:00:00+07:00']], '2025-06-05', 'overdue'],
    [
      [
        [1, '2025-06-02T09:00:00+07:00'],
        [STATUS.WITHDRAWN, '2025-06-03T09:00:00+07:00'],
      ],
      '2025-06-05',
      'not-applicable',
    ],
  ] as [[number, string][], string, string][])('%j due %s → %s', (list, due, state) => {
    expect(timeliness(events(list), due, new Date('2025-06-10T10:00:00+07:00')).state).toBe(state);
  });
});
