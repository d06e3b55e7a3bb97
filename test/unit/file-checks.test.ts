// What the desk does with a file before keeping it: the type read from the
// bytes whatever the name says, and photos' location blocks taken out while
// the picture stays byte for byte the same.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFileKeeper, DEFAULT_FILE_LIMITS, sniffType, type FileStore } from '../../src/index.js';
import { stripImageMetadata } from '../../src/files/strip-metadata.js';
import { docx, elf, GPS_LATITUDE_BYTES, includes, jpeg, pdf, png, pngWithLocation, webp, windowsExe, zip } from '../support/file-fixtures.js';

/** A FileStore in memory: enough to see what the keeper keeps. */
function memoryFiles(): FileStore & { kept: Map<string, Uint8Array> } {
  const kept = new Map<string, Uint8Array>();
  return {
    kept,
    async putFile(bytes, mime) {
      const id = createHash('sha256').update(bytes).digest('hex');
      kept.set(id, bytes);
      return { id, size: bytes.length, mime };
    },
    readFile: async (id) => kept.get(id) ?? null,
    fileInfo: async () => null,
    dropFileIfUnused: async () => false,
  };
}

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('the type of a file is read from its bytes', () => {
  const keeper = createFileKeeper(memoryFiles(), DEFAULT_FILE_LIMITS);

  it('refuses a Windows executable named invoice.pdf as application/x-msdownload', async () => {
    const r = await keeper.accept({ name: 'invoice.pdf', bytes: windowsExe() });
    expect(r).toEqual({ ok: false, refused: { name: 'invoice.pdf', reason: 'type', detail: 'application/x-msdownload' } });
  });

  it('refuses a Linux executable whatever it is called', async () => {
    const r = await keeper.accept({ name: 'screenshot.png', bytes: elf() });
    expect(r).toMatchObject({ ok: false, refused: { reason: 'type', detail: 'application/x-elf' } });
  });

  it('drops what trails a picture: a motion photo\'s second image with its own location, or bytes after a PNG\'s end', () => {
    const twoPictures = Buffer.concat([Buffer.from(jpeg(false)), Buffer.from(jpeg(true))]);
    expect(includes(twoPictures, GPS_LATITUDE_BYTES)).toBe(true);
    const stripped = stripImageMetadata(twoPictures, 'image/jpeg')!;
    expect(includes(stripped, GPS_LATITUDE_BYTES)).toBe(false);
    expect(Buffer.from(stripped)).toEqual(Buffer.from(jpeg(false)));
    const tail = Buffer.concat([Buffer.from(png()), Buffer.from('GPS 45.4642 N 9.1900 E')]);
    expect(Buffer.from(stripImageMetadata(tail, 'image/png')!)).toEqual(Buffer.from(png()));
  });

  it('keeps a script as plain text under a name that opens it as text: a double click never runs it', async () => {
    const r = await keeper.accept({ name: 'fix-vpn.sh', bytes: text('#!/bin/sh\nsudo systemctl restart vpn\n') });
    expect(r).toMatchObject({ ok: true, file: { name: 'fix-vpn.sh.txt', mime: 'text/plain' } });
    const hta = await keeper.accept({ name: 'reset-password.hta', bytes: text('<script>new ActiveXObject("WScript.Shell").Run("calc.exe")</script>') });
    expect(hta).toMatchObject({ ok: true, file: { name: 'reset-password.hta.txt', mime: 'text/plain' } });
    expect(await keeper.accept({ name: 'vpn.log', bytes: text('ERROR handshake\n') })).toMatchObject({ ok: true, file: { name: 'vpn.log' } });
    // An installer is an Office-style container: it keeps a name Office opens, never .msi.
    const msi = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]);
    const installer = await keeper.accept({ name: 'TeamsUpdate.msi', bytes: msi });
    expect(installer).toMatchObject({ ok: true, file: { name: 'TeamsUpdate.msi.doc', mime: 'application/x-cfb' } });
    // A picture sent under another name is named as the picture it is.
    expect(await keeper.accept({ name: 'invoice.pdf', bytes: png() })).toMatchObject({ ok: true, file: { name: 'invoice.pdf.png', mime: 'image/png' } });
  });

  it('reads a real .docx as Word, and a plain zip called .docx as the zip it is', async () => {
    expect(await sniffType(docx(), 'report.docx')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(await sniffType(zip({ 'notes.txt': 'hello' }), 'report.docx')).toBe('application/zip');
    expect(await keeper.accept({ name: 'report.docx', bytes: zip({ 'notes.txt': 'hello' }) })).toMatchObject({ ok: true, file: { mime: 'application/zip' } });
  });

  it('reads CSV and logs as text, and a PDF as a PDF', async () => {
    expect(await sniffType(text('name,amount\nMario,12.50\n'), 'expenses.csv')).toBe('text/csv');
    expect(await sniffType(text('2026-11-30 17:00:01 ERROR vpn: handshake failed\n'), 'vpn.log')).toBe('text/plain');
    expect(await sniffType(pdf(), 'receipt.bin')).toBe('application/pdf');
    expect(await keeper.accept({ name: 'receipt.pdf', bytes: pdf() })).toMatchObject({ ok: true, file: { mime: 'application/pdf' } });
  });

  it('refuses binary it cannot name, an empty file and one past the limit', async () => {
    const small = createFileKeeper(memoryFiles(), { ...DEFAULT_FILE_LIMITS, maxFileBytes: 1000 });
    expect(await small.accept({ name: 'blob.dat', bytes: new Uint8Array([0, 1, 2, 3, 0, 5]) })).toMatchObject({ ok: false, refused: { reason: 'unreadable' } });
    expect(await small.accept({ name: 'empty.txt', bytes: new Uint8Array() })).toMatchObject({ ok: false, refused: { reason: 'empty' } });
    expect(await small.accept({ name: 'big.txt', bytes: new Uint8Array(1001).fill(65) })).toMatchObject({ ok: false, refused: { reason: 'too_big', detail: '1001 B' } });
  });
});

describe('photos lose where they were taken', () => {
  it('takes the EXIF (with GPS), XMP and IPTC blocks out of a JPEG and copies everything else as it was', () => {
    const tagged = jpeg(true);
    expect(includes(tagged, GPS_LATITUDE_BYTES)).toBe(true);
    const out = stripImageMetadata(tagged, 'image/jpeg')!;
    expect(includes(out, GPS_LATITUDE_BYTES)).toBe(false);
    expect(includes(out, 'Exif')).toBe(false);
    expect(includes(out, 'GPS')).toBe(false);
    expect(includes(out, 'Milan')).toBe(false);
    // Exactly the untagged picture: the scan and every table kept byte for byte.
    expect(Buffer.from(out).equals(Buffer.from(jpeg(false)))).toBe(true);
  });

  it('hands back a JPEG with nothing to take out untouched', () => {
    const plain = jpeg(false);
    expect(stripImageMetadata(plain, 'image/jpeg')).toBe(plain);
  });

  it('refuses a JPEG it cannot walk rather than pass its blocks on', () => {
    const tagged = jpeg(true);
    expect(stripImageMetadata(tagged.subarray(0, 30), 'image/jpeg')).toBeNull();
    const lying = tagged.slice();
    lying[4] = 0xff; // the first segment's length now runs past the end
    expect(stripImageMetadata(lying, 'image/jpeg')).toBeNull();
    expect(stripImageMetadata(new Uint8Array([0xff, 0xd8, 0x00, 0x00]), 'image/jpeg')).toBeNull();
  });

  it('drops eXIf and text chunks from a PNG', () => {
    const out = stripImageMetadata(pngWithLocation(), 'image/png')!;
    expect(includes(out, 'eXIf')).toBe(false);
    expect(includes(out, 'tEXt')).toBe(false);
    expect(includes(out, GPS_LATITUDE_BYTES)).toBe(false);
    expect(Buffer.from(out).equals(Buffer.from(png()))).toBe(true);
    expect(stripImageMetadata(pngWithLocation().subarray(0, 40), 'image/png')).toBeNull();
  });

  it('drops EXIF and XMP chunks from a WebP, with the RIFF size and the VP8X flags put right', () => {
    const tagged = webp(true);
    const out = stripImageMetadata(tagged, 'image/webp')!;
    expect(includes(out, 'EXIF')).toBe(false);
    expect(includes(out, 'XMP ')).toBe(false);
    expect(includes(out, GPS_LATITUDE_BYTES)).toBe(false);
    const view = Buffer.from(out);
    expect(view.readUInt32LE(4)).toBe(out.length - 8);
    expect(view.subarray(12, 16).toString('latin1')).toBe('VP8X');
    expect(view[20]! & 0x0c).toBe(0);
    const plain = webp(false);
    expect(stripImageMetadata(plain, 'image/webp')).toBe(plain);
  });

  it('keeps the stripped photo, so the kept file has no location', async () => {
    const files = memoryFiles();
    const keeper = createFileKeeper(files, DEFAULT_FILE_LIMITS);
    const r = await keeper.accept({ name: 'IMG_2041.jpg', bytes: jpeg(true) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file.mime).toBe('image/jpeg');
    expect(includes(files.kept.get(r.file.id)!, GPS_LATITUDE_BYTES)).toBe(false);
    expect(r.file.id).toBe(createHash('sha256').update(jpeg(false)).digest('hex'));
  });
});
