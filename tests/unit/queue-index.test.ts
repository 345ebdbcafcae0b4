import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { IN_PROGRESS } from '../../functions/db/queue.ts';
import { OPEN } from '../../functions/db/stats.ts';

const read = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'migrations', name), 'utf8');

/**
 * SQLite reads a partial index only for a query that repeats its WHERE. The queue's counts
 * (functions/db/queue.ts) filter on IN_PROGRESS; if the terminal statuses change and the indexes
 * of migrations/0028 and 0029 do not, every queue page goes back to reading the dossiers' rows
 * (and the lists of several statuses fail: they name the 0029 index).
 */
test('the in-progress index of migrations/0028 lists the statuses the queue counts', () => {
  const migration = read('0028_queue_in_progress.sql');
  expect(migration).toContain(`WHERE status IN ${IN_PROGRESS};`);
});

test('the counters and ordered index of migrations/0029 use the same list', () => {
  const lists = [...read('0029_queue_open_counts.sql').matchAll(/status IN (\([^)]*\))/g)].map(
    (m) => m[1],
  );
  // The backfill, four triggers and the index.
  expect(lists).toHaveLength(6);
  for (const list of lists) expect(list).toBe(IN_PROGRESS);
});

test("the statistics' open-dossier index of migrations/0032 lists the statuses they count", () => {
  expect(read('0032_stats_open_dossiers.sql')).toContain(`WHERE status IN ${OPEN};`);
});
