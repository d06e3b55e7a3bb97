// Small real files built in code, for the file checks: pictures a browser
// decodes (PNG, a baseline JPEG, a lossless WebP), with and without location
// blocks, and the things people disguise (an executable named invoice.pdf, an
// ELF, a zip called .docx). No binary fixture is committed.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const ascii = (s: string) => Buffer.from(s, 'latin1');
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u16le = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([ascii(type), data]);
  return Buffer.concat([u32be(data.length), body, u32be(crc32(body))]);
}

/** A `width`×`height` RGB PNG in one colour; `extra` chunks go before the image data (text, eXIf). */
export function png(width = 4, height = 3, extra: { type: string; data: Uint8Array }[] = [], rgb: [number, number, number] = [200, 30, 30]): Uint8Array {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      ...extra.map((c) => pngChunk(c.type, c.data)),
      pngChunk('IDAT', deflateSync(raw)),
      pngChunk('IEND', new Uint8Array()),
    ]),
  );
}

/** A PNG carrying a place in a text chunk and an EXIF chunk. */
export function pngWithLocation(): Uint8Array {
  return png(4, 3, [
    { type: 'tEXt', data: ascii('Comment\0GPS 45.4642 N 9.1900 E') },
    { type: 'eXIf', data: exifTiff() },
  ]);
}

/** TIFF-encoded EXIF with a GPS IFD: latitude 45° 27' 51" N, longitude 9° 11' 24" E. */
export function exifTiff(): Buffer {
  // Little-endian TIFF: header, IFD0 with one entry (GPSInfo), then the GPS IFD.
  const header = Buffer.concat([ascii('II'), u16le(42), u32le(8)]);
  const ifd0Entries = 1;
  const ifd0Size = 2 + ifd0Entries * 12 + 4;
  const gpsAt = 8 + ifd0Size;
  const entry = (tag: number, type: number, count: number, value: Buffer) => Buffer.concat([u16le(tag), u16le(type), u32le(count), value]);
  const ifd0 = Buffer.concat([u16le(ifd0Entries), entry(0x8825, 4, 1, u32le(gpsAt)), u32le(0)]);
  const gpsEntries = 4;
  const gpsSize = 2 + gpsEntries * 12 + 4;
  const dataAt = gpsAt + gpsSize;
  const rational = (...pairs: [number, number][]) => Buffer.concat(pairs.flatMap(([n, d]) => [u32le(n), u32le(d)]));
  const lat = rational([45, 1], [27, 1], [51, 1]);
  const lon = rational([9, 1], [11, 1], [24, 1]);
  const gps = Buffer.concat([
    u16le(gpsEntries),
    entry(0x0001, 2, 2, Buffer.concat([ascii('N\0'), Buffer.alloc(2)])),
    entry(0x0002, 5, 3, u32le(dataAt)),
    entry(0x0003, 2, 2, Buffer.concat([ascii('E\0'), Buffer.alloc(2)])),
    entry(0x0004, 5, 3, u32le(dataAt + lat.length)),
    u32le(0),
  ]);
  return Buffer.concat([header, ifd0, gps, lat, lon]);
}

/** The latitude's bytes as the EXIF block holds them: found in a file, the location is still there. */
export const GPS_LATITUDE_BYTES = Buffer.concat([u32le(45), u32le(1), u32le(27), u32le(1), u32le(51), u32le(1)]);

function segment(marker: number, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
}

/**
 * A baseline 16×8 grey JPEG (two blocks, each one flat colour): tables of one
 * code each, so the scan is a handful of bits. `location`: an EXIF APP1 with a
 * GPS block, an XMP APP1 and a Photoshop APP13 naming the place.
 */
export function jpeg(location = false): Uint8Array {
  const jfif = segment(0xe0, Buffer.concat([ascii('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0])]));
  const exif = segment(0xe1, Buffer.concat([ascii('Exif\0\0'), exifTiff()]));
  const xmp = segment(0xe1, ascii('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>45,27.85N</exif:GPSLatitude></x:xmpmeta>'));
  const iptc = segment(0xed, ascii('Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x5a\0\x05Milan'));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = segment(0xc0, Buffer.from([8, 0, 8, 0, 16, 1, 1, 0x11, 0]));
  // DC: categories 0 (code 0) and 7 (code 10); AC: EOB only (code 0).
  const dhtDc = segment(0xc4, Buffer.concat([Buffer.from([0x00]), Buffer.from([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0, 7])]));
  const dhtAc = segment(0xc4, Buffer.concat([Buffer.from([0x10]), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0x00])]));
  const sos = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  // Block 1: DC diff +100 (category 7: code "10" + 7 bits 1100100), EOB "0"; block 2: diff 0 "0", EOB "0"; padded with 1s.
  const bits = '10' + '1100100' + '0' + '0' + '0';
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
  const scan = Buffer.from(padded.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const escaped = Buffer.from([...scan].flatMap((b) => (b === 0xff ? [0xff, 0] : [b])));
  const meta = location ? [exif, xmp, iptc] : [];
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, ...meta, dqt, sof, dhtDc, dhtAc, sos, escaped, Buffer.from([0xff, 0xd9])]));
}

/** A 1×1 lossless WebP (the image data of the common feature-detection sample). */
const VP8L_1x1 = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64').subarray(12);

function riffChunk(type: string, data: Uint8Array): Buffer {
  return Buffer.concat([ascii(type), u32le(data.length), data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** A 1×1 WebP; `location`: the extended form with EXIF (GPS) and XMP chunks, flagged in VP8X. */
export function webp(location = false): Uint8Array {
  if (!location) return new Uint8Array(Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'));
  const vp8x = riffChunk('VP8X', Buffer.from([0x08 | 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  const body = Buffer.concat([ascii('WEBP'), vp8x, VP8L_1x1, riffChunk('EXIF', exifTiff()), riffChunk('XMP ', ascii('<x:xmpmeta><exif:GPSLatitude>45,27.85N</exif:GPSLatitude></x:xmpmeta>'))]);
  return new Uint8Array(Buffer.concat([ascii('RIFF'), u32le(body.length), body]));
}

/** A zip with stored (uncompressed) entries. */
export function zip(entries: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const common = Buffer.concat([u16le(20), u16le(0), u16le(0), u16le(0), u16le(0), u32le(crc), u32le(data.length), u32le(data.length), u16le(n.length), u16le(0)]);
    const local = Buffer.concat([u32le(0x04034b50), common, n, data]);
    centrals.push(Buffer.concat([u32le(0x02014b50), u16le(20), common, u16le(0), u16le(0), u16le(0), u32le(0), u32le(offset), n]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.concat([u32le(0x06054b50), u16le(0), u16le(0), u16le(centrals.length), u16le(centrals.length), u32le(central.length), u32le(offset), u16le(0)]);
  return new Uint8Array(Buffer.concat([...locals, central, end]));
}

/** What Word writes first: a real .docx's content types and document. */
export function docx(): Uint8Array {
  return zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>',
  });
}

/** A one-page PDF. */
export function pdf(): Uint8Array {
  return new Uint8Array(ascii('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'));
}

/** The start of a Windows executable: DOS header, stub, PE signature. */
export function windowsExe(): Uint8Array {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84);
  return new Uint8Array(b);
}

/** The start of a Linux executable. */
export function elf(): Uint8Array {
  const b = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b);
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(0x3e, 18);
  b.writeUInt32LE(1, 20);
  return new Uint8Array(b);
}

export function includes(haystack: Uint8Array, needle: Uint8Array | string): boolean {
  return Buffer.from(haystack).includes(typeof needle === 'string' ? Buffer.from(needle, 'latin1') : Buffer.from(needle));
}
