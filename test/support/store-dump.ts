// Everything a store holds, read behind its back: every table SQLite lists in
// sqlite_master, every collection the Mongo server lists, each row or document
// serialized. Privacy tests search it for a person who should be gone.
import { inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import mongoose from 'mongoose';

export interface DumpedRecord {
  where: string;
  text: string;
}

export function dumpSqlite(file: string): DumpedRecord[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    return tables.flatMap((table) =>
      // Hidden (generated) columns too: SELECT * leaves them out.
      (db.prepare(`SELECT *, ${generatedColumns(db, table).join(', ') || '1'} FROM "${table}"`).all() as Record<string, unknown>[]).map((row) => ({
        where: table,
        text: JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)),
      })),
    );
  } finally {
    db.close();
  }
}

function generatedColumns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_xinfo("${table}")`) as { name: string; hidden: number }[]).filter((c) => c.hidden !== 0).map((c) => `"${c.name}"`);
}

export async function sqliteTables(file: string): Promise<string[]> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Binary fields as text; deflated JSON (the report's packed cells) as the JSON it holds. */
function binaryText(bytes: Buffer): string {
  try {
    return inflateRawSync(bytes).toString('utf8');
  } catch {
    return bytes.toString('latin1');
  }
}

export async function dumpMongo(uri: string, dbName: string): Promise<DumpedRecord[]> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const out: DumpedRecord[] = [];
    for (const { name } of await conn.db!.listCollections().toArray()) {
      for (const doc of await conn.db!.collection(name).find({}).toArray()) {
        out.push({ where: name, text: JSON.stringify(doc, (_k, v: unknown) => (v && typeof v === 'object' && 'buffer' in v && (v as { _bsontype?: string })._bsontype === 'Binary' ? binaryText(Buffer.from((v as { buffer: Uint8Array }).buffer)) : v)) });
      }
    }
    return out;
  } finally {
    await conn.close();
  }
}

export async function mongoCollections(uri: string, dbName: string): Promise<string[]> {
  const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    return (await conn.db!.listCollections().toArray()).map((c) => c.name);
  } finally {
    await conn.close();
  }
}

/** Where the text turns up (case-insensitive): empty when the store holds no trace of it. */
export function tracesOf(dump: readonly DumpedRecord[], needle: string): string[] {
  const lower = needle.toLowerCase();
  return dump.filter((r) => r.text.toLowerCase().includes(lower)).map((r) => `${r.where}: ${r.text.slice(0, 300)}`);
}
