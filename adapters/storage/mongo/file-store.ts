// Files' bytes in GridFS. Placeholder until the GridFS store lands: refuses to keep files.
import type mongoose from 'mongoose';
import type { FileStore } from '../../../src/index.js';

export async function createMongoFileStore(_conn: mongoose.Connection): Promise<FileStore> {
  const missing = () => Promise.reject(new Error('files are not kept on MongoDB yet'));
  return { putFile: missing, readFile: async () => null, fileInfo: async () => null, dropFileIfUnused: async () => false };
}
