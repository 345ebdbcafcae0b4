import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { IN_PROGRESS } from '../../functions/db/queue.ts';

/**
 * SQLite reads a partial index only for a query that repeats its WHERE. The queue's counts
 * (functions/db/queue.ts) filter on IN_PROGRESS; if the terminal statuses change and the indexes
 * of migrations/0028 and 0029 do not, every queue page goes back to reading the dossiers' rows
 * (and the lists of several statuses fail: they name the 0029 index).
 */
test.each(['0028_queue_in_progress.sql', '0029_queue_counts.sql'])(
  'the in-progress index of %s lists the statuses the queue counts',
  (name) => {
    const migration = readFileSync(join(import.meta.dirname, '..', '..', 'migrations', name), 'utf8');
    expect(migration).toContain(`WHERE status IN ${IN_PROGRESS};`);
  },
);
