import type { StatusCode } from '../../src/domain/dossier/status.ts';

/**
 * Status codes in SQL text always come from the domain's constants (STATUS and its named
 * groups), never written bare: tests/unit/db-status-constants.test.ts checks functions/db.
 */

/** A list of status codes as SQL, `(1, 2, 4)`: integers from the domain, nothing to escape. */
export const statusList = (codes: readonly StatusCode[]): string => {
  if (!codes.every(Number.isInteger)) throw new Error(`not status codes: ${codes.join(', ')}`);
  return `(${codes.join(', ')})`;
};
