import { describe, expect, test } from 'vitest';
import { foldText, nameWords, stripDiacritics, tokens } from '../../src/domain/text/fold.ts';

describe('foldText', () => {
  test.each([
    // diacritics and đ
    ['Đăng ký khai sinh', 'dang ki khai sinh'],
    ['đăng kí kết hôn', 'dang ki ket hon'],
    ['Chứng thực bản sao từ bản chính', 'chung thuc ban sao tu ban chinh'],
    ['ĐẤT ĐAI', 'dat dai'],
    ['Hộ kinh doanh', 'ho kinh doanh'],
    ['Giấy chứng nhận quyền sử dụng đất', 'giay chung nhan quyen su dung dat'],
    ['ưởng ượng ữa', 'uong uong ua'],
    // case
    ['DANG KY TAM TRU', 'dang ki tam tru'],
    // i/y after a consonant, and qu
    ['ký', 'ki'],
    ['kí', 'ki'],
    ['lý lịch', 'li lich'],
    ['Mỹ', 'mi'],
    ['quý', 'qui'],
    ['quí', 'qui'],
    ['hy sinh', 'hi sinh'],
    // y that is not the i/y variant stays
    ['y tế', 'y te'],
    ['ý kiến', 'y kien'],
    ['thuỷ lợi', 'thuy loi'],
    ['thủy lợi', 'thuy loi'],
    ['quyền', 'quyen'],
    ['uy tín', 'uy tin'],
    ['khuyết tật', 'khuyet tat'],
    // tone placement variants
    ['hoà giải', 'hoa giai'],
    ['hòa giải', 'hoa giai'],
    ['uỷ ban', 'uy ban'],
    ['ủy ban', 'uy ban'],
    // spacing and punctuation
    ['  khai   sinh ', 'khai sinh'],
    ['cha, mẹ, con', 'cha me con'],
    ['tạm trú/tạm vắng', 'tam tru tam vang'],
    ['\tkết\nhôn\u00A0lại', 'ket hon lai'],
    // codes stay whole, sentence dots do not
    ['1.001193', '1.001193'],
    ['thủ tục 2.000815.', 'thu tuc 2.000815'],
    ['CT01', 'ct01'],
    ['TP.HCM', 'tp hcm'],
    // empty and noise
    ['', ''],
    ['   ', ''],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  test('NFD input (decomposed marks, as some keyboards send) folds like NFC', () => {
    const nfc = 'Đăng ký khai sinh, chứng thực, hoà giải, Thuỷ';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(foldText(nfd)).toBe(foldText(nfc));
    expect(foldText(nfd)).toBe('dang ki khai sinh chung thuc hoa giai thuy');
  });

  test('zero-width and direction characters are dropped', () => {
    expect(foldText('khai\u200Bsinh')).toBe('khaisinh');
    expect(foldText('kết\u200D hôn\uFEFF')).toBe('ket hon');
    expect(foldText('\u202Ekhai sinh\u202C')).toBe('khai sinh');
  });

  test('all 144 Vietnamese vowel letters (72 in each case) fold to a plain vowel', () => {
    const vowels = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ';
    const all = vowels + vowels.toUpperCase();
    for (const ch of all) expect(stripDiacritics(ch).toLowerCase(), ch).toMatch(/^[aeiouy]$/);
    expect(all.length).toBe(144);
  });

  test('folding is idempotent', () => {
    for (const s of ['Đăng ký khai sinh', 'QUÝ', 'thuỷ', '1.001193 CT01']) {
      expect(foldText(foldText(s))).toBe(foldText(s));
    }
  });
});

test('tokens splits the folded text', () => {
  expect(tokens('Đăng ký  tạm trú')).toEqual(['dang', 'ki', 'tam', 'tru']);
  expect(tokens('')).toEqual([]);
});

test('nameWords: the folded words of a name, each once, as stored and as typed', () => {
  expect(nameWords('Nguyễn Thị  THỊ Ánh')).toEqual(['nguyen', 'thi', 'anh']);
  // A stored folded name gives the same words (migrations/0031 splits it on its spaces).
  expect(nameWords(foldText('Hoàng Thuỷ Tiên'))).toEqual(nameWords('hoang thủy tiên'));
  expect(nameWords(' - ')).toEqual([]);
});
