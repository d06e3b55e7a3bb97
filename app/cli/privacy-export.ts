// Writing a person's export: the JSON of what the store holds about them, and
// their files' bytes. To a file (or the screen) the bytes ride inside the JSON as
// base64; to a folder they are written beside it, one file each, named so a person
// can open them, and the JSON says which is which. Nothing already there is ever
// written over: a file left in a folder would keep whatever mode it had.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanFileName, type FileStore, type PersonalDataExport, type PersonFile } from '../../src/index.js';

export type ExportedFile = PersonFile & { base64?: string; path?: string; missing?: true };
export type ExportDocument = Omit<PersonalDataExport, 'files'> & { files: ExportedFile[] };

/** A new file only its owner reads; refused when the name is taken. */
export function writeNew(file: string, data: string | Uint8Array, what = '--out'): void {
  try {
    writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${what} ${file} already exists: give a new name (an export is never written over another file)`);
    throw err;
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A name safe on every filesystem the export may be copied to, led by the file's hash so two files never share one. */
function nameOnDisk(file: PersonFile): string {
  const safe = cleanFileName(file.name).replace(/[<>:"|?*\\/\u0000-\u001f]/g, '_');
  return `${file.id.slice(0, 12)}-${safe}`;
}

/** The export with every file's bytes as base64. */
export async function withBytesInline(data: PersonalDataExport, files: Pick<FileStore, 'readFile'>): Promise<ExportDocument> {
  const cache = new Map<string, Uint8Array | null>();
  const out: ExportedFile[] = [];
  for (const f of data.files) {
    if (!cache.has(f.id)) cache.set(f.id, await files.readFile(f.id));
    const bytes = cache.get(f.id);
    out.push(bytes ? { ...f, base64: Buffer.from(bytes).toString('base64') } : { ...f, missing: true });
  }
  return { ...data, files: out };
}

/** Writes `export.json` in `folder` and each file's bytes under `files/`; returns the JSON's path. */
export async function writeToFolder(folder: string, data: PersonalDataExport, files: Pick<FileStore, 'readFile'>): Promise<string> {
  const dir = join(folder, 'files');
  const written = new Map<string, string | null>();
  const out: ExportedFile[] = [];
  for (const f of data.files) {
    if (!written.has(f.id)) {
      const bytes = await files.readFile(f.id);
      let path: string | null = null;
      if (bytes) {
        path = `files/${nameOnDisk(f)}`;
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeNew(join(folder, path), bytes, 'the export file');
      }
      written.set(f.id, path);
    }
    const path = written.get(f.id);
    out.push(path ? { ...f, path } : { ...f, missing: true });
  }
  const json = join(folder, 'export.json');
  writeNew(json, `${JSON.stringify({ ...data, files: out }, null, 2)}\n`);
  return json;
}
