import { describe, expect, test } from 'vitest';
import { requestRange } from '../../src/domain/open311/georeport.ts';
import { toXml } from '../../src/domain/open311/xml.ts';

const NOW = new Date('2026-11-27T03:00:00Z');
const DAY = 86_400_000;

describe('the date range of GET requests', () => {
  test('without dates: the last 90 days up to now', () => {
    expect(requestRange(undefined, undefined, NOW)).toEqual({
      from: new Date(NOW.getTime() - 90 * DAY),
      to: NOW,
    });
  });

  test('with a start only: 90 days from it, never past now', () => {
    expect(requestRange('2026-01-01T00:00:00Z', undefined, NOW)).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(requestRange('2026-11-20T00:00:00+07:00', undefined, NOW)).toEqual({
      from: new Date('2026-11-20T00:00:00+07:00'),
      to: NOW,
    });
  });

  test('with an end only: the 90 days before it', () => {
    expect(requestRange(undefined, '2026-06-01T00:00:00Z', NOW)).toEqual({
      from: new Date(Date.parse('2026-06-01T00:00:00Z') - 90 * DAY),
      to: new Date('2026-06-01T00:00:00Z'),
    });
  });

  test('refuses a range over 90 days, an end before the start, and impossible dates', () => {
    expect(requestRange('2026-01-01T00:00:00Z', '2026-04-02T00:00:00Z', NOW)).toEqual({
      error: 'Khoảng start_date–end_date không được quá 90 ngày.',
    });
    expect(requestRange('2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z', NOW)).toEqual({
      error: 'start_date phải trước end_date.',
    });
    expect(requestRange('2026-02-31T99:00:00Z', undefined, NOW)).toHaveProperty('error');
  });
});

describe('Open311 XML', () => {
  test('arrays become containers of items; null is an empty element; text is escaped', () => {
    expect(toXml('service_requests', [{ service_request_id: 'A&B <1>', account_id: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>A&amp;B &lt;1&gt;</service_request_id><account_id/></request></service_requests>\n',
    );
  });

  test('characters XML cannot carry are dropped or replaced, line breaks kept', () => {
    expect(toXml('errors', [{ code: 400, description: 'a\u0000b\nc\uD800d' }])).toContain(
      '<description>ab\nc\uFFFDd</description>',
    );
  });

  test('an array without a known item name is a programming error, not silent XML', () => {
    expect(() => toXml('x', { things: [1] })).toThrow(/no item name for the array things/);
  });
});
