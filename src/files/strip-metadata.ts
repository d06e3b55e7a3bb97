// Photos from phones carry where they were taken. The desk keeps what the
// picture shows, not where its sender was: the blocks that hold EXIF (GPS
// included), XMP and IPTC are taken out, and every other byte is copied as it
// was, so the picture itself is never decoded nor re-encoded.
//
// A file that claims to be a JPEG, PNG or WebP but cannot be walked block by
// block is not kept (null): passing it on unchanged could pass its location on.
// Other image types the desk accepts carry no such block (GIF, BMP); HEIC,
// whose EXIF could not be taken out here, is not on the default list.

/** The bytes without metadata; the same array when there was nothing to take out; null when the image cannot be read. */
export function stripImageMetadata(bytes: Uint8Array, mime: string): Uint8Array | null {
  switch (mime) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    default:
      return bytes;
  }
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const APP1 = 0xe1; // EXIF and XMP
const APP13 = 0xed; // Photoshop's IPTC block, which may name a place
const SOS = 0xda;
const EOI = 0xd9;

/** Markers that stand alone, with no length after them. */
function standalone(marker: number): boolean {
  return marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/**
 * JPEG: segments up to the start of the scan; from there on the compressed
 * picture is copied whole, up to its end. Orientation lives in EXIF,
 * so a phone photo may show turned; the location matters more.
 */
/** Just past the FF D9 that ends the picture, or -1 when the file stops before it. */
function endOfImage(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === EOI) return i + 2;
  return -1;
}

function stripJpeg(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let dropped = false;
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    // Any number of 0xFF may pad before a marker.
    let m = at + 1;
    while (m < bytes.length && bytes[m] === 0xff) m++;
    if (m >= bytes.length) return null;
    const marker = bytes[m]!;
    if (marker === EOI) {
      kept.push(bytes.subarray(at));
      break;
    }
    if (standalone(marker)) {
      kept.push(bytes.subarray(at, m + 1));
      at = m + 1;
      continue;
    }
    if (m + 2 >= bytes.length) return null;
    const length = (bytes[m + 1]! << 8) | bytes[m + 2]!;
    const end = m + 1 + length;
    if (length < 2 || end > bytes.length) return null;
    if (marker === SOS) {
      // Inside the compressed picture a 0xFF is always followed by 0x00 or a restart marker, so the
      // first FF D9 is its end. What trails it (a second picture with its own EXIF, a motion
      // photo's video) is not kept.
      const eoi = endOfImage(bytes, end);
      if (eoi < 0) kept.push(bytes.subarray(at));
      else {
        kept.push(bytes.subarray(at, eoi));
        if (eoi < bytes.length) dropped = true;
      }
      break;
    }
    if (marker === APP1 || marker === APP13) dropped = true;
    else kept.push(bytes.subarray(at, end));
    at = end;
  }
  return dropped ? join(kept) : bytes;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** EXIF, and text chunks (which cameras and editors fill with places, names and comments). */
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

function stripPng(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let dropped = false;
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return null;
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    const type = fourCc(bytes, at + 4);
    if (PNG_DROPPED.has(type)) dropped = true;
    else kept.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') {
      // Nothing after the end is part of the picture; it could hold anything, a location included.
      if (at < bytes.length) dropped = true;
      break;
    }
  }
  return dropped ? join(kept) : bytes;
}

const WEBP_DROPPED = new Set(['EXIF', 'XMP ']);
/** VP8X flag bits saying EXIF and XMP chunks follow. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/** WebP: a RIFF file of chunks; the header's size and VP8X's flags must agree with what is left. */
function stripWebp(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WEBP') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(4, true) + 8;
  if (declared > bytes.length || declared < 12) return null;
  const chunks: Uint8Array[] = [];
  let dropped = false;
  let at = 12;
  while (at < declared) {
    if (at + 8 > declared) return null;
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2);
    if (at + 8 + size > declared) return null;
    const chunk = bytes.subarray(at, Math.min(end, declared));
    if (WEBP_DROPPED.has(fourCc(bytes, at))) dropped = true;
    else chunks.push(chunk);
    at = end;
  }
  if (!dropped && declared === bytes.length) return bytes;
  const body = join(chunks.map((c) => (fourCc(c, 0) === 'VP8X' && c.length > 8 ? withoutMetadataFlags(c) : c)));
  const out = new Uint8Array(12 + body.length);
  out.set(bytes.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, 4 + body.length, true);
  out.set(body, 12);
  return out;
}

function withoutMetadataFlags(vp8x: Uint8Array): Uint8Array {
  const copy = vp8x.slice();
  copy[8] = copy[8]! & ~(VP8X_EXIF | VP8X_XMP);
  return copy;
}
