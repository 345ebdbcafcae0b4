import { describe, expect, test } from 'vitest';
import {
  answerRows,
  type DisplayField,
  formatAddress,
  formatAnswer,
  receivedDocuments,
} from '../../src/domain/forms/display.ts';
import { APPLICANT_FIELDS } from '../../src/domain/forms/fields.ts';

const relation: DisplayField = {
  name: 'quan-he-voi-tre',
  label: 'Quan hệ của bạn với trẻ',
  type: 'select',
  options: [
    { value: 'me', label: 'Mẹ' },
    { value: 'cha', label: 'Cha' },
  ],
};
const sex: DisplayField = {
  name: 'gioi-tinh-tre',
  label: 'Giới tính của trẻ',
  type: 'radio',
  options: [
    { value: 'nam', label: 'Nam' },
    { value: 'nu', label: 'Nữ' },
  ],
};
const field = (type: DisplayField['type'], label = 'Trường'): DisplayField => ({
  name: 'truong',
  label,
  type,
});

describe('one stored answer as a reader sees it', () => {
  test.each<[string, DisplayField | undefined, string, string]>([
    ['select option → its label', relation, 'me', 'Mẹ'],
    ['another option', relation, 'cha', 'Cha'],
    ['radio option → its label', sex, 'nam', 'Nam'],
    ['radio option with diacritics', sex, 'nu', 'Nữ'],
    ['an option the list no longer has stays as stored', relation, 'ong-ba', 'ong-ba'],
    ['date → dd/mm/yyyy', field('date'), '2026-11-25', '25/11/2026'],
    ['birth date of the applicant section', APPLICANT_FIELDS.birthDate, '1985-03-02', '02/03/1985'],
    ['a date not in ISO form stays as stored', field('date'), '25/11/2026', '25/11/2026'],
    ['checked box → Có', field('checkbox'), 'co', 'Có'],
    ['unchecked box → Không', field('checkbox'), '', 'Không'],
    ['number with thousands', field('number'), '50000000', '50.000.000'],
    ['decimal with a comma', field('number'), '72.5', '72,5'],
    ['small integer', field('number'), '3', '3'],
    ['money in đồng', field('number', 'Lệ phí đã nộp (đồng)'), '2000000', '2.000.000 đ'],
    [
      'money in million đồng',
      field('number', 'Vốn kinh doanh (triệu đồng)'),
      '50',
      '50 triệu đồng',
    ],
    [
      'money with decimals',
      field('number', 'Vốn kinh doanh (triệu đồng)'),
      '1500.5',
      '1.500,5 triệu đồng',
    ],
    ['phone as typed', APPLICANT_FIELDS.phone, '0912345678', '0912345678'],
    ['id number as typed', APPLICANT_FIELDS.idNumber, '058185001234', '058185001234'],
    ['free text as typed', field('text'), 'Bệnh viện Đa khoa tỉnh', 'Bệnh viện Đa khoa tỉnh'],
    ['textarea keeps its lines', field('textarea'), 'Dòng 1\nDòng 2', 'Dòng 1\nDòng 2'],
    ['email as typed', field('email'), 'lan@example.vn', 'lan@example.vn'],
    ['unknown field → the value', undefined, 'me', 'me'],
  ])('%s', (_, f, value, shown) => {
    expect(formatAnswer(f, value)).toBe(shown);
  });
});

describe('the answers of a dossier', () => {
  test('in the order of the form, with labels, unknown fields last under their name', () => {
    const rows = answerRows([sex, relation, field('date', 'Ngày sinh của trẻ')], {
      'cu-truong': 'x',
      'quan-he-voi-tre': 'me',
      'gioi-tinh-tre': 'nu',
    });
    expect(rows).toEqual([
      { name: 'gioi-tinh-tre', label: 'Giới tính của trẻ', value: 'Nữ' },
      { name: 'quan-he-voi-tre', label: 'Quan hệ của bạn với trẻ', value: 'Mẹ' },
      { name: 'cu-truong', label: 'cu-truong', value: 'x' },
    ]);
  });
});

describe('the address with its commune written once', () => {
  const communes = [
    { name: 'Bắc Phong', label: 'Xã Bắc Phong' },
    { name: '1', label: 'Phường 1' },
    { name: 'Lợi Hải', label: 'Thị trấn Lợi Hải' },
  ];
  test.each<[string, string, string | undefined, string]>([
    [
      'address without commune → commune added',
      'Thôn Xóm Đèn',
      'Bắc Phong',
      'Thôn Xóm Đèn, xã Bắc Phong',
    ],
    [
      'address naming the commune → once',
      'Thôn Ba Tháp, xã Bắc Phong',
      'Bắc Phong',
      'Thôn Ba Tháp, xã Bắc Phong',
    ],
    [
      'written without diacritics',
      'Thon Ba Thap, Xa Bac Phong',
      'Bắc Phong',
      'Thon Ba Thap, Xa Bac Phong',
    ],
    ['abbreviated unit', 'Thôn Ba Tháp, X. Bắc Phong', 'Bắc Phong', 'Thôn Ba Tháp, X. Bắc Phong'],
    [
      'commune name last without unit',
      'Thôn Ba Tháp, Bắc Phong',
      'Bắc Phong',
      'Thôn Ba Tháp, Bắc Phong',
    ],
    ['trailing comma dropped', 'Thôn Xóm Đèn,', 'Bắc Phong', 'Thôn Xóm Đèn, xã Bắc Phong'],
    [
      'a ward by number is not matched by a house number',
      'Số 1 Lê Lợi',
      '1',
      'Số 1 Lê Lợi, phường 1',
    ],
    ['a ward by number already named', '12 Lê Lợi, Phường 1', '1', '12 Lê Lợi, phường 1'],
    [
      'unit words typed in capitals read in lower case after a comma',
      'Thôn Ba Tháp, Xã Bắc Sơn, Huyện Thuận Bắc, Tỉnh Ninh Thuận',
      'khac',
      'Thôn Ba Tháp, xã Bắc Sơn, huyện Thuận Bắc, tỉnh Ninh Thuận',
    ],
    ['township unit', 'Khu phố 2', 'Lợi Hải', 'Khu phố 2, thị trấn Lợi Hải'],
    ['"Nơi khác": the address alone', '12 Trần Phú, Phan Rang', 'khac', '12 Trần Phú, Phan Rang'],
    ['no commune chosen', 'Thôn Xóm Đèn', '', 'Thôn Xóm Đèn'],
    ['no commune at all', 'Thôn Xóm Đèn', undefined, 'Thôn Xóm Đèn'],
    ['empty address → the commune', '', 'Bắc Phong', 'Xã Bắc Phong'],
  ])('%s', (_, address, commune, shown) => {
    expect(formatAddress(address, commune, communes)).toBe(shown);
  });
});

describe('the documents received', () => {
  test('one line per component with files, in the list order, counting files', () => {
    expect(
      receivedDocuments([
        { documentIndex: 2, documentName: 'Giấy ủy quyền' },
        { documentIndex: 0, documentName: 'Tờ khai' },
        { documentIndex: 2, documentName: 'Giấy ủy quyền' },
      ]),
    ).toEqual([
      { name: 'Tờ khai', files: 1 },
      { name: 'Giấy ủy quyền', files: 2 },
    ]);
    expect(receivedDocuments([])).toEqual([]);
  });
});
