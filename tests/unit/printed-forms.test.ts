import { describe, expect, test } from 'vitest';
import {
  dayInWords,
  noteDetail,
  placeAndDate,
  placeOf,
  supplementItems,
} from '../../src/domain/forms/printed.ts';

describe('noteDetail: the officer’s words without the label stored with them', () => {
  test.each([
    ['refuse', 'Lý do từ chối: Trẻ sinh ngoài địa bàn', 'Trẻ sinh ngoài địa bàn'],
    ['request-supplement', 'Cần bổ sung: Bản sao Giấy khai sinh.', 'Bản sao Giấy khai sinh'],
    ['stop', 'Dừng giải quyết hồ sơ. Lý do: Người nộp đề nghị', 'Người nộp đề nghị'],
    [
      'apologize',
      'Xin lỗi vì chưa trả kết quả đúng hẹn. Lý do: Cần xác minh với Trạm Y tế. Ngày hẹn trả kết quả mới: Thứ Tư, 09/12/2026.',
      'Cần xác minh với Trạm Y tế.',
    ],
    // A note in another shape (older rows, or written by hand) is shown as it is.
    ['refuse', 'Hồ sơ không thuộc thẩm quyền', 'Hồ sơ không thuộc thẩm quyền'],
    ['apologize', 'Xin lỗi ông/bà.', 'Xin lỗi ông/bà.'],
    ['refuse', null, ''],
  ] as const)('%s: %j → %j', (action, note, expected) => {
    expect(noteDetail(action, note)).toBe(expected);
  });

  test('a supplement request lists each paper once', () => {
    expect(supplementItems('Cần bổ sung: Bản sao Giấy khai sinh; Giấy ủy quyền.')).toEqual([
      'Bản sao Giấy khai sinh',
      'Giấy ủy quyền',
    ]);
  });
});

describe('the place and date line', () => {
  test.each([
    ['2026-12-05', 'ngày 05 tháng 12 năm 2026'],
    ['2026-02-14', 'ngày 14 tháng 02 năm 2026'],
    ['2026-01-09', 'ngày 09 tháng 01 năm 2026'],
    ['2026-03-15', 'ngày 15 tháng 3 năm 2026'],
  ])('%s → %s', (day, words) => {
    expect(dayInWords(day)).toBe(words);
  });

  test.each([
    [{ commune: 'Thuận Bắc' }, 'Thuận Bắc'],
    [{ commune: '5', communeUnit: 'phuong' as const }, 'Phường 5'],
    [{}, 'Khánh Hòa'],
  ])('%j → %s', (body, place) => {
    expect(placeOf(body, 'Tỉnh Khánh Hòa')).toBe(place);
  });

  test('a city keeps its word', () => {
    expect(placeAndDate(placeOf({}, 'Thành phố Huế'), '2026-07-01')).toBe(
      'Thành phố Huế, ngày 01 tháng 7 năm 2026',
    );
  });
});
