/** What the store keeps of a file: its bytes under their SHA-256, and the type read from them. */
export interface StoredFile {
  id: string;
  size: number;
  mime: string;
}

/**
 * Files' bytes, content-addressed: GridFS with MongoDB, `DATA_DIR/files` with
 * SQLite. Which ticket holds a file is on the ticket (`Ticket.files`); the store
 * keeps bytes and knows which tickets list them, so bytes nobody lists can go.
 */
export interface FileStore {
  /** Keeps `bytes` under their SHA-256 (computed here); the same bytes twice are kept once. */
  putFile(bytes: Uint8Array, mime: string): Promise<StoredFile>;
  /** The bytes, or null when no file has that id (or it was erased). */
  readFile(id: string): Promise<Uint8Array | null>;
  fileInfo(id: string): Promise<StoredFile | null>;
  /** Drops the bytes when no ticket lists the file any more; true when they were dropped. */
  dropFileIfUnused(id: string): Promise<boolean>;
}
