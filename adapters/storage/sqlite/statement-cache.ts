// Statements whose shape varies (how many departments, which limit) are prepared
// once per shape. A row limit is written into the SQL rather than bound: SQLite
// compiles a statement with a bound LIMIT again on every run, which showed as
// about a tenth of the server's time under load.
import type Database from 'better-sqlite3';

export type Prepare = (sql: string) => Database.Statement;

export function createStatementCache(db: Database.Database): Prepare {
  const prepared = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}

/** `LIMIT n` for a count the store's callers choose (never a person's input). */
export function limitClause(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`a row limit must be a whole number, got ${limit}`);
  return `LIMIT ${limit}`;
}

export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
