/**
 * Reads run together: each read is a statement and what its rows mean, so that a request
 * needing several independent reads sends them in one `db.batch` (one round trip to D1, one
 * read transaction) instead of one call each (docs/adr/0028, "Cuts on the request paths").
 */
export interface Read<T> {
  statement: D1PreparedStatement;
  rows(result: D1Result<Record<string, unknown>>): T;
}

type Results<R extends readonly Read<unknown>[]> = {
  [K in keyof R]: R[K] extends Read<infer T> ? T : never;
};

/** One read on its own. */
export async function readOne<T>(read: Read<T>): Promise<T> {
  return read.rows(await read.statement.all());
}

/** Several reads in one batch; their results in the same order. */
export async function readTogether<const R extends readonly Read<unknown>[]>(
  db: D1Database,
  reads: R,
): Promise<Results<R>> {
  const results = await db.batch<Record<string, unknown>>(reads.map((r) => r.statement));
  return reads.map((r, i) => r.rows(results[i] as D1Result<Record<string, unknown>>)) as Results<R>;
}

/** The first row of a result as T, or undefined. */
export const firstRow = <T>(result: D1Result<Record<string, unknown>>): T | undefined =>
  (result.results[0] as T | undefined) ?? undefined;

/** A dossier by its id, or by its code when the id is not known yet (read together with it). */
export type DossierRef = { id: string } | { code: string };

/**
 * A statement about one dossier: `sql` gets the SQL of the dossier's id for the reference (bound
 * as ?1, the id itself or its code's look-up), so the fragment and its value never part.
 */
export function forDossier(
  db: D1Database,
  dossier: DossierRef,
  sql: (dossierId: string) => string,
): D1PreparedStatement {
  return 'id' in dossier
    ? db.prepare(sql('?1')).bind(dossier.id)
    : db.prepare(sql('(SELECT id FROM dossiers WHERE code = ?1)')).bind(dossier.code);
}
