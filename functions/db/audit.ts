/** The append-only audit trail (the table refuses updates and deletes). */

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | undefined;
  detail?: string | undefined;
  client?: string | undefined;
}

export function auditStatement(db: D1Database, entry: AuditEntry, at: string): D1PreparedStatement {
  return db
    .prepare(
      'INSERT INTO audit_events (at, actor, action, target, detail, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
    )
    .bind(
      at,
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.detail ?? null,
      entry.client ?? null,
    );
}

export async function audit(db: D1Database, entry: AuditEntry, at: string): Promise<void> {
  await auditStatement(db, entry, at).run();
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actorName: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  client: string | null;
}

export async function listAudit(
  db: D1Database,
  filter: { action?: string | undefined; target?: string | undefined },
  limit: number,
  offset: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  const where = ['(?1 IS NULL OR e.action = ?1)', '(?2 IS NULL OR e.target = ?2)'].join(' AND ');
  const [rows, total] = await db.batch<AuditRow | { n: number }>([
    db
      .prepare(
        `SELECT e.id, e.at, e.actor, a.display_name AS actorName, e.action, e.target, e.detail, e.client
         FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor
         WHERE ${where} ORDER BY e.id DESC LIMIT ?3 OFFSET ?4`,
      )
      .bind(filter.action ?? null, filter.target ?? null, limit, offset),
    db
      .prepare(`SELECT count(*) AS n FROM audit_events e WHERE ${where}`)
      .bind(filter.action ?? null, filter.target ?? null),
  ]);
  return {
    rows: (rows?.results ?? []) as AuditRow[],
    total: ((total?.results[0] as { n: number }) ?? { n: 0 }).n,
  };
}
