// Photos from phones carry where they were taken. The desk keeps what the
// picture shows, not where its sender was: EXIF (and XMP) blocks are dropped.
// Placeholder until the full stripper lands: returns the bytes unchanged.
export function stripImageMetadata(bytes: Uint8Array, _mime: string): Uint8Array {
  return bytes;
}
