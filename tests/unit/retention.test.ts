import { describe, expect, test } from 'vitest';
import { STATUS, type StatusCode } from '../../src/domain/dossier/status.ts';
import {
  addCounts,
  addMonths,
  CLOSED_STATUSES,
  closedBefore,
  commentCutoff,
  DEFAULT_RETENTION_MONTHS,
  describeCounts,
  isDueForPurge,
  purgeDueAt,
  retentionPolicy,
  zeroPurgeCounts,
} from '../../src/domain/retention.ts';

const policy = retentionPolicy();
const closed = (status: StatusCode, closedAt: string | null, purgedAt: string | null = null) => ({
  status,
  closedAt,
  purgedAt,
});

describe('the policy', () => {
  test('defaults: 24 months for dossiers and comments', () => {
    expect(DEFAULT_RETENTION_MONTHS).toBe(24);
    expect(policy).toEqual({ months: 24, commentMonths: 24 });
  });

  test('set values are used; comments follow the main value unless set', () => {
    expect(retentionPolicy(60)).toEqual({ months: 60, commentMonths: 60 });
    expect(retentionPolicy(60, 12)).toEqual({ months: 60, commentMonths: 12 });
  });
});

describe('calendar months', () => {
  test.each([
    ['2024-01-15T09:00:00+07:00', 24, '2026-01-15T02:00:00.000Z'],
    ['2024-08-31T10:00:00+07:00', 6, '2025-02-28T03:00:00.000Z'],
    ['2023-08-31T10:00:00+07:00', 6, '2024-02-29T03:00:00.000Z'],
    ['2025-12-31T12:00:00Z', 1, '2026-01-31T12:00:00.000Z'],
    ['2026-03-31T12:00:00Z', -1, '2026-02-28T12:00:00.000Z'],
    ['2026-01-10T00:00:00Z', -24, '2024-01-10T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, n, expected) => {
    expect(addMonths(from, n).toISOString()).toBe(expected);
  });
});

describe('which dossiers are due', () => {
  const now = new Date('2027-06-01T03:00:00Z');

  test('closed statuses: returned, refused, withdrawn, stopped', () => {
    expect([...CLOSED_STATUSES].sort((a, b) => a - b)).toEqual([3, 7, 8, 10]);
  });

  test.each([STATUS.RETURNED, STATUS.REFUSED, STATUS.WITHDRAWN, STATUS.STOPPED])(
    'status %i closed more than 24 months ago is due',
    (status) => {
      expect(isDueForPurge(closed(status, '2025-05-30T10:00:00+07:00'), policy, now)).toBe(true);
    },
  );

  test.each([
    STATUS.NEW,
    STATUS.RECEIVED,
    STATUS.PROCESSING,
    STATUS.SUPPLEMENT_REQUESTED,
    STATUS.FINANCIAL_OBLIGATION,
    STATUS.PROCESSED,
  ])('status %i (open, or the result not yet collected) is never due', (status) => {
    expect(isDueForPurge(closed(status, '2020-01-01T10:00:00+07:00'), policy, now)).toBe(false);
  });

  test('exactly at the limit, and one second before', () => {
    const closedAt = '2025-06-01T10:00:00+07:00';
    const due = purgeDueAt(closed(STATUS.RETURNED, closedAt), policy);
    expect(due?.toISOString()).toBe('2027-06-01T03:00:00.000Z');
    expect(isDueForPurge(closed(STATUS.RETURNED, closedAt), policy, now)).toBe(true);
    expect(
      isDueForPurge(closed(STATUS.RETURNED, closedAt), policy, new Date(now.getTime() - 1000)),
    ).toBe(false);
  });

  test('closed recently, already purged, or without a date: not due', () => {
    expect(isDueForPurge(closed(STATUS.RETURNED, '2026-06-01T10:00:00+07:00'), policy, now)).toBe(
      false,
    );
    expect(
      isDueForPurge(
        closed(STATUS.RETURNED, '2020-01-01T10:00:00+07:00', '2022-01-02T00:00:00Z'),
        policy,
        now,
      ),
    ).toBe(false);
    expect(isDueForPurge(closed(STATUS.REFUSED, null), policy, now)).toBe(false);
    expect(isDueForPurge(closed(STATUS.REFUSED, 'không phải ngày'), policy, now)).toBe(false);
  });

  test('a longer period keeps data longer', () => {
    const d = closed(STATUS.RETURNED, '2025-05-30T10:00:00+07:00');
    expect(isDueForPurge(d, retentionPolicy(36), now)).toBe(false);
  });

  test('the SQL pre-selection bound includes every due dossier', () => {
    const bound = Date.parse(closedBefore(now, 24));
    for (let day = 0; day < 800; day += 7) {
      const closedAt = new Date(Date.parse('2024-12-01T00:00:00Z') + day * 86_400_000);
      const d = closed(STATUS.RETURNED, closedAt.toISOString());
      if (isDueForPurge(d, policy, now)) expect(closedAt.getTime()).toBeLessThan(bound);
    }
  });

  test('comments: the cutoff is N months before now', () => {
    expect(commentCutoff(now, { months: 24, commentMonths: 12 })).toBe('2026-06-01T03:00:00.000Z');
  });
});

describe('counts for the logs', () => {
  test('counts only, in Vietnamese, added up over batches', () => {
    const total = addCounts(addCounts(zeroPurgeCounts(), { dossiers: 2, files: 1 }), {
      dossiers: 1,
      feedbackComments: 3,
    });
    expect(describeCounts(total)).toBe(
      'hồ sơ 3; người nộp 0; tệp đính kèm 0; tệp trong kho R2 1; tin nhắn 0; ý kiến đánh giá 0; góp ý trang 3',
    );
  });
});
