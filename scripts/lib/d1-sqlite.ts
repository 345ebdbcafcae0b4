import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/**
 * The subset of the D1 API the Worker's db functions (functions/db/*.ts) use —
 * prepare / bind / first / all / run / raw and batch — over a node:sqlite
 * database, so a benchmark can write a million dossiers through the Worker's own
 * SQL without a round trip to workerd per statement. D1 is SQLite: the SQL, the
 * triggers and `changes()` behave the same; `batch` is atomic like D1's (a
 * savepoint). bench:stats checks on a sample that the counters written this way
 * equal those written through real local D1 (wrangler's Miniflare).
 */
export interface SqliteD1 {
  db: D1Database;
  /** Statements run so far (each statement of a batch counts). */
  statements(): number;
}

export function d1OverSqlite(sqlite: DatabaseSync): SqliteD1 {
  const cache = new Map<string, StatementSync>();
  let count = 0;
  let savepoint = 0;
  const changesSince = sqlite.prepare('SELECT changes() AS n');
  const statementFor = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };

  class Bound {
    readonly sql: string;
    readonly values: SQLInputValue[];
    constructor(sql: string, values: SQLInputValue[]) {
      this.sql = sql;
      this.values = values;
    }
    bind(...values: unknown[]): Bound {
      return new Bound(this.sql, values as SQLInputValue[]);
    }
    /** Runs the statement: rows when it returns any, and the changes it made. */
    execute(): D1Result<Record<string, unknown>> {
      count++;
      const statement = statementFor(this.sql);
      const started = performance.now();
      let results: Record<string, unknown>[] = [];
      let changes = 0;
      let lastRowId = 0;
      if (statement.columns().length > 0) {
        results = statement.all(...this.values) as Record<string, unknown>[];
        changes = Number((changesSince.get() as { n: number } | undefined)?.n ?? 0);
      } else {
        const info = statement.run(...this.values);
        changes = Number(info.changes);
        lastRowId = Number(info.lastInsertRowid);
      }
      return {
        results,
        success: true,
        meta: {
          duration: performance.now() - started,
          size_after: 0,
          rows_read: 0,
          rows_written: changes,
          last_row_id: lastRowId,
          changed_db: changes > 0,
          changes,
        },
      } as D1Result<Record<string, unknown>>;
    }
    async first<T>(column?: string): Promise<T | null> {
      const row = this.execute().results[0];
      if (!row) return null;
      return (column ? row[column] : row) as T;
    }
    async all<T>(): Promise<D1Result<T>> {
      return this.execute() as unknown as D1Result<T>;
    }
    async run<T>(): Promise<D1Result<T>> {
      return this.execute() as unknown as D1Result<T>;
    }
    async raw<T>(): Promise<T[]> {
      return this.execute().results.map((row) => Object.values(row)) as T[];
    }
  }

  const db = {
    prepare: (sql: string) => new Bound(sql, []),
    async batch<T>(statements: Bound[]): Promise<D1Result<T>[]> {
      const name = `d1_batch_${++savepoint}`;
      sqlite.exec(`SAVEPOINT ${name}`);
      try {
        const results = statements.map((s) => s.execute());
        sqlite.exec(`RELEASE ${name}`);
        return results as unknown as D1Result<T>[];
      } catch (error) {
        sqlite.exec(`ROLLBACK TO ${name}`);
        sqlite.exec(`RELEASE ${name}`);
        throw error;
      }
    },
    async exec(sql: string) {
      sqlite.exec(sql);
      return { count: 0, duration: 0 };
    },
    withSession() {
      return db;
    },
    dump() {
      throw new Error('dump is not supported by the bench adapter');
    },
  };
  return { db: db as unknown as D1Database, statements: () => count };
}
