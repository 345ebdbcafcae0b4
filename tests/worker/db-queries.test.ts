import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { bookRows } from '../../functions/db/book.ts';
import { returnedAt } from '../../functions/db/dossiers.ts';
import { QUEUE_TABS, type QueueTab, queue } from '../../functions/db/queue.ts';
import { closedDossiers } from '../../functions/db/retention.ts';
import { openDossiers } from '../../functions/db/stats.ts';
import { TERMINAL_STATUSES } from '../../src/domain/dossier/lifecycle.ts';
import {
  OPEN_STATUSES,
  STATUS,
  type StatusCode,
  WAITING_FOR_CITIZEN_STATUSES,
} from '../../src/domain/dossier/status.ts';
import { CLOSED_STATUSES } from '../../src/domain/retention.ts';
import { moveTo, newDossier, stored } from './db-helpers.ts';

/**
 * The status-dependent queries of functions/db against the real local D1: one dossier in
 * each of the ten national statuses, due yesterday, and what each query counts of them.
 * The statuses come from the domain's named groups, as in the SQL.
 */

const AGENCY = 'db-queries';
const TODAY = '2025-06-10';
const ALL = Object.values(STATUS) as StatusCode[];
const ids = new Map<StatusCode, { id: string; code: string }>();

beforeAll(async () => {
  for (const status of ALL) {
    const made = await stored(
      newDossier(AGENCY, {
        dueDate: '2025-06-09',
        receivedAt: '2025-06-02T09:00:00+07:00',
      }),
    );
    if (status !== STATUS.NEW) {
      if (status === STATUS.RETURNED) {
        await moveTo(made.id, STATUS.PROCESSED, '2025-06-04T10:00:00+07:00', 'process');
      }
      await moveTo(made.id, status, '2025-06-05T10:00:00+07:00', `to-${status}`);
    }
    ids.set(status, made);
  }
});

describe('the officers queue', () => {
  const filter = (tab: QueueTab) => ({
    scope: [AGENCY],
    tab,
    today: TODAY,
    soon: '2025-06-11',
  });

  test('each status tab lists exactly its statuses', async () => {
    const { counts } = await queue(env.DB, filter('tat-ca'), 50, 0);
    expect(counts['tat-ca']).toBe(ALL.length);
    for (const [tab, { statuses }] of Object.entries(QUEUE_TABS)) {
      if (!statuses) continue;
      const { rows } = await queue(env.DB, filter(tab as QueueTab), 50, 0);
      expect(
        rows.map((r) => r.status).sort((a, b) => a - b),
        tab,
      ).toEqual([...statuses].sort((a, b) => a - b));
    }
    expect(QUEUE_TABS['ket-thuc'].statuses).toEqual(TERMINAL_STATUSES);
  });

  test('overdue counts only dossiers whose due date still runs', async () => {
    const { rows } = await queue(env.DB, filter('qua-han'), 50, 0);
    expect(rows.map((r) => r.status).sort((a, b) => a - b)).toEqual([...OPEN_STATUSES]);
  });
});

describe('the statistics of open dossiers', () => {
  test('open, waiting for the citizen, and overdue in the office', async () => {
    expect(await openDossiers(env.DB, TODAY, { agency: AGENCY })).toEqual({
      inProgress: OPEN_STATUSES.length,
      waitingForCitizen: WAITING_FOR_CITIZEN_STATUSES.length,
      overdue: OPEN_STATUSES.length - WAITING_FOR_CITIZEN_STATUSES.length,
    });
  });
});

describe('retention: closed dossiers', () => {
  test('only the closed statuses, with when they closed', async () => {
    const closed = (await closedDossiers(env.DB, '2025-07-01T00:00:00+07:00', 1000)).filter((d) =>
      [...ids.values()].some((x) => x.id === d.id),
    );
    expect(closed.map((d) => d.status).sort((a, b) => a - b)).toEqual(
      [...CLOSED_STATUSES].sort((a, b) => a - b),
    );
    expect(closed.every((d) => d.closedAt === '2025-06-05T10:00:00+07:00')).toBe(true);
  });
});

describe('the day the result was returned', () => {
  test('returnedAt and the tracking book read the "Đã trả kết quả" event', async () => {
    const returned = ids.get(STATUS.RETURNED) as { id: string; code: string };
    const processed = ids.get(STATUS.PROCESSED) as { id: string; code: string };
    expect(await returnedAt(env.DB, returned.id)).toBe('2025-06-05T10:00:00+07:00');
    expect(await returnedAt(env.DB, processed.id)).toBeUndefined();
    const book = await bookRows(env.DB, [AGENCY], '2025-06');
    expect(book).toHaveLength(ALL.length);
    expect(book.find((r) => r.code === returned.code)?.returnedAt).toBe(
      '2025-06-05T10:00:00+07:00',
    );
    expect(book.filter((r) => r.returnedAt !== null)).toHaveLength(1);
  });
});
