// How long reading one 5 MB file out of GridFS takes when the bucket already
// holds OTHER_MB of other files, two ways: the driver's download stream (chunks
// found by `files_id`, which FerretDB answers by reading every chunk), and one
// lookup per chunk by a deterministic `_id` (`<sha>#<n>`, what file-store.ts does).
// Run: MONGODB_URI=… node --import tsx bench/gridfs-read.ts [otherMb] [chunkKiB]
import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { CHUNK_BYTES, mongoFiles } from '../adapters/storage/mongo/file-store.js';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is required (scripts/ferretdb.sh start)');
const OTHER_MB = Number(process.argv[2] ?? 100);
const CHUNK = process.argv[3] ? Number(process.argv[3]) * 1024 : CHUNK_BYTES;
const MB = 1024 * 1024;
const dbName = `sportello_bench_gridfs_${Date.now()}`;

const conn = await mongoose.createConnection(uri, { dbName }).asPromise();
try {
  const store = mongoFiles(conn.db!, CHUNK);
  const t0 = performance.now();
  for (let i = 0; i < OTHER_MB / 5; i += 1) await store.putFile(randomBytes(5 * MB), 'application/octet-stream');
  const filled = performance.now() - t0;
  const target = randomBytes(5 * MB);
  const id = createHash('sha256').update(target).digest('hex');
  const p0 = performance.now();
  await store.putFile(target, 'image/png');
  const put = performance.now() - p0;

  const times = { byId: [] as number[], byFilesId: [] as number[] };
  for (let i = 0; i < 3; i += 1) {
    const a = performance.now();
    const bytes = await store.readFile(id);
    times.byId.push(performance.now() - a);
    if (!bytes || Buffer.compare(Buffer.from(bytes), target) !== 0) throw new Error('read back different bytes');
    const b = performance.now();
    const bucket = new mongoose.mongo.GridFSBucket(conn.db!, { bucketName: 'files' });
    const parts: Buffer[] = [];
    for await (const part of bucket.openDownloadStream(id as never)) parts.push(part as Buffer);
    times.byFilesId.push(performance.now() - b);
    if (Buffer.compare(Buffer.concat(parts), target) !== 0) throw new Error('the driver read back different bytes');
  }
  const ms = (xs: number[]) => xs.map((x) => Math.round(x)).join(' / ');
  console.log(`chunks of ${CHUNK / 1024} KiB; bucket filled with ${OTHER_MB} MB of other files in ${Math.round(filled)} ms; put 5 MB in ${Math.round(put)} ms`);
  console.log(`read 5 MB by chunk _id:               ${ms(times.byId)} ms`);
  console.log(`read 5 MB by files_id (driver stream): ${ms(times.byFilesId)} ms`);
} finally {
  await conn.dropDatabase();
  await conn.close();
}
