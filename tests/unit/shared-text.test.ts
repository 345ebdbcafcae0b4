import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  isRealDate,
  isRealIsoDate,
  normaliseDate,
  VIETNAM_OFFSET,
  VIETNAM_OFFSET_MS,
  VIETNAM_TZ,
  vietnamDay,
  vietnamIso,
  vietnamMidnight,
} from '../../src/domain/calendar/dates.ts';
import { ADMIN_FONTS_PATH, bytesOfDataUrl, withLocalFonts } from '../../src/domain/cms/fonts.ts';
import { SEARCH_FIELDS } from '../../src/domain/search/fields.ts';
import { escapeHtml, escapeXml, wellFormed, xmlChars } from '../../src/domain/text/escape.ts';
import { slugify } from '../../src/domain/text/slug.ts';
import { procedureListEntry } from '../../src/schemas/api.ts';
import { SLUG_RE } from '../../src/schemas/common.ts';

/** The helpers with one home each (src/domain/text, src/domain/calendar/dates.ts). */

describe('slugify', () => {
  test.each([
    ['Đăng ký khai sinh', 'dang-ky-khai-sinh'],
    ['ĐĂNG KÝ ĐẤT ĐAI', 'dang-ky-dat-dai'],
    ['đường đi', 'duong-di'],
    // NFD input (marks as separate code points) gives the same slug.
    ['Đăng ký khai sinh'.normalize('NFD'), 'dang-ky-khai-sinh'],
    [
      'Cấp Giấy xác nhận thông tin hộ tịch (bản sao)',
      'cap-giay-xac-nhan-thong-tin-ho-tich-ban-sao',
    ],
    ['  --Thủ tục 1.001193!!  ', 'thu-tuc-1-001193'],
    ['Ưu đãi người có công', 'uu-dai-nguoi-co-cong'],
    ['😀 🇻🇳', ''],
    ['', ''],
  ])('%j → %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  test('a long title is cut at a hyphen, never in the middle of a word', () => {
    const slug = slugify(
      'Thủ tục cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất',
    );
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe('thu-tuc-cap-giay-chung-nhan-quyen-su-dung-dat-quyen-so-huu');
    expect(slugify('dang-ky-khai-sinh', 9)).toBe('dang-ky-k');
  });

  test('any text gives a valid slug or nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const slug = slugify(text);
        return slug === '' || SLUG_RE.test(slug);
      }),
    );
  });
});

describe('escapeHtml', () => {
  test.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["Tom & Jerry's", 'Tom &amp; Jerry&#39;s'],
    ['Đăng ký', 'Đăng ký'],
    [null, ''],
    [undefined, ''],
    [42, '42'],
  ])('%j → %j', (value, escaped) => {
    expect(escapeHtml(value)).toBe(escaped);
  });

  test('a lone surrogate becomes U+FFFD, a whole pair stays', () => {
    expect(escapeHtml('a\uD800b')).toBe('a\uFFFDb');
    expect(escapeHtml('a\uDFFFb')).toBe('a\uFFFDb');
    expect(escapeHtml('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(escapeHtml('😀')).toBe('😀');
    expect(escapeHtml('x\uD83D')).toBe('x\uFFFD');
  });
});

describe('escapeXml and xmlChars', () => {
  test('markup and quotes are escaped for content and attributes alike', () => {
    expect(escapeXml(`A & B <c> "d" 'e'`)).toBe('A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;');
  });

  test('the same rule for lone surrogates as HTML; forbidden characters dropped', () => {
    expect(xmlChars('a\uD800b')).toBe('a\uFFFDb');
    expect(escapeXml('a\uDFFF<')).toBe('a\uFFFD&lt;');
    expect(xmlChars('\u0000a\u0001\u000Bb\u001F\uFFFE\uFFFFc')).toBe('abc');
    expect(xmlChars('tab\there\nline\rend')).toBe('tab\there\nline\rend');
    // C1 controls and emoji are XML 1.0 characters.
    expect(xmlChars('\u0085😀')).toBe('\u0085😀');
  });

  test('HTML and XML agree on every lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const fixed = wellFormed(text);
        return (
          !/[\uD800-\uDFFF]/.test(fixed.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')) &&
          escapeHtml(text).replace(/[^\uFFFD]/g, '') === fixed.replace(/[^\uFFFD]/g, '') &&
          xmlChars(text).replace(/[^\uFFFD]/g, '') === fixed.replace(/[^\uFFFD]/g, '')
        );
      }),
    );
  });
});

describe('real dates', () => {
  test.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2025-04-31', false],
    ['2025-04-30', true],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['0099-02-28', true],
    ['0004-02-29', true],
    ['2025-1-01', false],
    ['2025-01-01T00:00', false],
    ['01/01/2025', false],
    ['', false],
  ])('%s → %s', (iso, real) => {
    expect(isRealIsoDate(iso)).toBe(real);
  });

  test.each([
    ['25/11/2026', '2026-11-25'],
    ['5/1/1990', '1990-01-05'],
    ['05.01.1990', '1990-01-05'],
    ['05-01-1990', '1990-01-05'],
    ['05 01 1990', '1990-01-05'],
    ['1990-01-05', '1990-01-05'],
    ['05/01/90', '05/01/90'],
    ['tháng 1', 'tháng 1'],
  ])('typed %s → %s (day first, whatever the separator)', (typed, stored) => {
    expect(normaliseDate(typed)).toBe(stored);
  });

  test('numbers that are not whole are never a date', () => {
    expect(isRealDate(2025, 1.5, 1)).toBe(false);
    expect(isRealDate(Number.NaN, 1, 1)).toBe(false);
  });

  test('agrees with the Date object for every day of four centuries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2299 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const date = new Date(Date.UTC(y, m - 1, d));
          const real = date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
          return isRealDate(y, m, d) === real;
        },
      ),
    );
  });
});

describe('Vietnam time', () => {
  test('one offset, in hours, milliseconds and ISO 8601', () => {
    expect(VIETNAM_TZ).toBe(7);
    expect(VIETNAM_OFFSET_MS).toBe(25_200_000);
    expect(VIETNAM_OFFSET).toBe('+07:00');
  });

  test.each([
    ['2025-04-29T16:59:59Z', '2025-04-29'],
    ['2025-04-29T17:00:00Z', '2025-04-30'],
    ['2025-04-30T00:30:00+07:00', '2025-04-30'],
    ['2025-12-31T23:00:00Z', '2026-01-01'],
  ])('the Vietnam day of %s is %s', (instant, day) => {
    expect(vietnamDay(instant)).toBe(day);
    expect(vietnamDay(new Date(instant))).toBe(day);
    expect(vietnamDay(Date.parse(instant))).toBe(day);
  });

  test('ISO 8601 in Vietnam time, and the start of a Vietnam day', () => {
    expect(vietnamIso(new Date('2025-04-29T02:30:00Z'))).toBe('2025-04-29T09:30:00+07:00');
    expect(vietnamMidnight('2025-04-29')).toBe('2025-04-29T00:00:00+07:00');
    expect(Date.parse(vietnamMidnight('2025-04-29'))).toBe(Date.parse('2025-04-28T17:00:00Z'));
  });
});

describe('search fields', () => {
  test('the API accepts exactly the fields the engine searches', () => {
    const matched = procedureListEntry.shape.matched.unwrap().element;
    expect(matched.options).toEqual([...SEARCH_FIELDS]);
  });
});

describe('the editor fonts', () => {
  const cdn = (path: string) => `https://cdn.jsdelivr.net/fontsource/fonts/${path}`;

  test('CDN font URLs in the bundle point at this site', () => {
    const bundle = `src:url(${cdn('source-sans-3:vf@5.3.0/latin-wght-normal.woff2')}) src:url(${cdn('noto-mono@5.3.0/latin-400-normal.woff2')}) src:url(${cdn('material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2')})`;
    expect(withLocalFonts(bundle)).toBe(
      `src:url(${ADMIN_FONTS_PATH}source-sans-3.woff2) src:url(${ADMIN_FONTS_PATH}noto-mono.woff2) src:url(${ADMIN_FONTS_PATH}material-symbols-outlined.woff2)`,
    );
  });

  test('an unknown font or any other CDN file fails the build', () => {
    expect(() => withLocalFonts(`url(${cdn('roboto@5.3.0/latin-400-normal.woff2')})`)).toThrow(
      /roboto/,
    );
    expect(() => withLocalFonts('import("https://cdn.jsdelivr.net/npm/x@1/y.js")')).toThrow(
      /cdn\.jsdelivr\.net\/npm\/x@1\/y\.js/,
    );
  });

  test('a base64 data: URL gives its bytes', () => {
    expect([...bytesOfDataUrl('data:font/woff2;base64,d09GMg==')]).toEqual([
      0x77, 0x4f, 0x46, 0x32,
    ]);
    expect(() => bytesOfDataUrl('/admin/fonts/x.woff2')).toThrow();
  });
});
