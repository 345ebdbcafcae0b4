import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { type StoredPayment, unmatchedPayments } from '../../db/payments.ts';

export const RECONCILIATION_LIMIT = 200;

/**
 * Payments that settled nothing (unknown reference, wrong amount, duplicate) for the
 * officer's agencies: the agencies they work for, and those whose desk they staff.
 * Administrators see all, including payments no agency could be found for.
 */
export function unmatchedFor(
  db: D1Database,
  index: CatalogueIndex,
  officer: Officer,
): Promise<StoredPayment[]> {
  if (officer.role === 'admin') return unmatchedPayments(db, null, RECONCILIATION_LIMIT);
  const mine = new Set(officer.agencies);
  const scope = index.catalogue.agencies
    .filter((a) => mine.has(a.slug) || mine.has(index.deskOf(a).slug))
    .map((a) => a.slug);
  return unmatchedPayments(db, scope, RECONCILIATION_LIMIT);
}
