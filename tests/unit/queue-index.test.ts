import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { IN_PROGRESS } from '../../functions/db/queue.ts';

/**
 * SQLite reads a partial index only for a query that repeats its WHERE. The queue's counts
 * (functions/db/queue.ts) filter on IN_PROGRESS; if the terminal statuses change and the index
 * of migrations/0028 does not, every queue page goes back to reading the dossiers' rows.
 */
test('the in-progress index lists the statuses the queue counts', () => {
  const migration = readFileSync(
    join(import.meta.dirname, '..', '..', 'migrations', '0028_queue_in_progress.sql'),
    'utf8',
  );
  expect(migration).toContain(`WHERE status IN ${IN_PROGRESS};`);
});
