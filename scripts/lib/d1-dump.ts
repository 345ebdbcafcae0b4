/**
 * Helpers for the SQL files `wrangler d1 export` writes (scripts/backup.ts,
 * scripts/restore.ts). Pure string work, no I/O.
 *
 * Why they exist: wrangler 4.164 writes the schema's indexes, triggers and views last,
 * sorted by type, so `CREATE VIEW stats_delta` comes after `CREATE TRIGGER stats_delta_add
 * INSTEAD OF INSERT ON stats_delta`, and applying the file fails with "no such table:
 * main.stats_delta" (checked by tests/e2e/backup.test.ts). `orderForRestore` moves views
 * before the first trigger, so a backup is a file that plain `wrangler d1 execute --file`
 * restores.
 */

/**
 * Splits SQL into statements (each with its `;`), aware of quoted strings and
 * identifiers, comments, and the `BEGIN … END;` body of a trigger.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  let depth = 0;
  const word = (at: number, w: string) =>
    sql.slice(at, at + w.length).toUpperCase() === w &&
    !/[\w$]/.test(sql[at - 1] ?? ' ') &&
    !/[\w$]/.test(sql[at + w.length] ?? ' ');
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const close = ch;
      i++;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (sql[i + 1] === close) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (ch === '[') {
      i = sql.indexOf(']', i) + 1 || sql.length;
    } else if (ch === '-' && sql[i + 1] === '-') {
      i = sql.indexOf('\n', i) + 1 || sql.length;
    } else if (ch === '/' && sql[i + 1] === '*') {
      i = sql.indexOf('*/', i + 2) + 2 || sql.length;
    } else if (
      word(i, 'BEGIN') &&
      /^\s*CREATE\s+(?:TEMP\s+)?TRIGGER\b/i.test(sql.slice(start, i))
    ) {
      depth++;
      i += 5;
    } else if (depth > 0 && word(i, 'CASE')) {
      depth++;
      i += 4;
    } else if (depth > 0 && word(i, 'END')) {
      depth--;
      i += 3;
    } else if (ch === ';' && depth === 0) {
      const statement = sql.slice(start, i + 1).trim();
      if (statement !== ';') statements.push(statement);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  const rest = sql.slice(start).trim();
  if (rest) statements.push(rest);
  return statements;
}

const kind = (statement: string): string =>
  /^\s*CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?(TABLE|VIEW|TRIGGER|(?:UNIQUE\s+)?INDEX)\b/i
    .exec(statement)?.[1]
    ?.toUpperCase()
    .replace(/^UNIQUE\s+/, '') ?? 'OTHER';

/** A quoted or bare SQL name, as the export writes it. */
const NAME = String.raw`(?:"((?:[^"]|"")+)"|\`([^\`]+)\`|\[([^\]]+)\]|([\w$]+))`;
const unquote = (m: RegExpExecArray | RegExpMatchArray): string =>
  (m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? m[4]) as string;

/** The table a `CREATE TABLE` statement creates. */
function createdTable(statement: string): string | undefined {
  const m = new RegExp(String.raw`^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, 'i').exec(
    statement,
  );
  return m ? unquote(m) : undefined;
}

/** The tables a `CREATE TABLE` statement's foreign keys point at. */
function referencedTables(statement: string): string[] {
  return [...statement.matchAll(new RegExp(String.raw`\bREFERENCES\s+${NAME}`, 'gi'))].map(unquote);
}

/**
 * The dump in an order a database that enforces foreign keys while rows go in (D1) accepts:
 * - each table, with its rows, after the tables its foreign keys point at (a column added
 *   later by `ALTER TABLE … REFERENCES` makes an older table depend on a newer one);
 * - every `CREATE VIEW` before the first `CREATE TRIGGER` (a trigger may be defined on a view);
 * - everything else in its order. Idempotent.
 */
export function orderForRestore(sql: string): string {
  const statements = splitStatements(sql);
  const creates = new Map<string, string>();
  for (const s of statements) {
    const table = kind(s) === 'TABLE' ? createdTable(s) : undefined;
    if (table !== undefined) creates.set(table, s);
  }
  // What comes before the first table (PRAGMAs) stays first; other statements follow the tables.
  const firstTable = statements.findIndex((s) => kind(s) === 'TABLE');
  const rowsOf = new Map<string, string[]>();
  const before: string[] = [];
  const rest: string[] = [];
  statements.forEach((s, i) => {
    const table = insertTable(s);
    if (table !== undefined && creates.has(table)) {
      const rows = rowsOf.get(table);
      if (rows) rows.push(s);
      else rowsOf.set(table, [s]);
    } else if (kind(s) !== 'TABLE') (firstTable === -1 || i < firstTable ? before : rest).push(s);
  });
  const ordered: string[] = [];
  const done = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (done.has(table) || path.has(table)) return;
    path.add(table);
    for (const parent of referencedTables(creates.get(table) as string)) {
      if (parent !== table && creates.has(parent)) visit(parent, path);
    }
    done.add(table);
    ordered.push(creates.get(table) as string);
    // One by one: a table's rows may be more than a call's arguments can hold.
    for (const row of rowsOf.get(table) ?? []) ordered.push(row);
  };
  for (const table of creates.keys()) visit(table, new Set());
  const others = [...before, ...ordered, ...rest];
  const views = others.filter((s) => kind(s) === 'VIEW');
  const nonViews = others.filter((s) => kind(s) !== 'VIEW');
  const firstTrigger = nonViews.findIndex((s) => kind(s) === 'TRIGGER');
  const at = firstTrigger === -1 ? nonViews.length : firstTrigger;
  return `${[...nonViews.slice(0, at), ...views, ...nonViews.slice(at)].join('\n')}\n`;
}

/** The table an `INSERT INTO "name" …` statement writes to, unquoted. */
function insertTable(statement: string): string | undefined {
  const m = new RegExp(String.raw`^INSERT\s+INTO\s+${NAME}`, 'i').exec(statement);
  return m ? unquote(m) : undefined;
}

/** How many rows the dump inserts into each table (the export writes one INSERT per row). */
export function rowCounts(sql: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const statement of splitStatements(sql)) {
    const table = insertTable(statement);
    if (table) counts.set(table, (counts.get(table) ?? 0) + 1);
  }
  return counts;
}

/** The tables, views, indexes and triggers a dump creates: name → kind. */
export function schemaObjects(sql: string): Map<string, string> {
  const objects = new Map<string, string>();
  for (const statement of splitStatements(sql)) {
    const k = kind(statement);
    if (k === 'OTHER') continue;
    const m =
      /^\s*CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?(?:UNIQUE\s+)?(?:TABLE|VIEW|TRIGGER|INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"((?:[^"]|"")+)"|([\w$]+))/i.exec(
        statement,
      );
    if (m) objects.set((m[1] ?? m[2]) as string, k);
  }
  return objects;
}
