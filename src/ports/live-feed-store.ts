/** One entry of the live feed: something every instance should pass on to the people connected to it. */
export interface LiveFeedEntry {
  /** The store's sequence: entries are read in this order, and a later one is never committed before an earlier one. */
  seq: number;
  /** What it is about (`web.message`, `console.notice`): readers pick theirs by it. */
  kind: string;
  /** Which reader published it, so that one can skip its own. */
  origin: string;
  payload: unknown;
  at: number;
}

export type NewLiveFeedEntry = Omit<LiveFeedEntry, 'seq'>;

/**
 * A short-lived change feed that every instance on one store reads by
 * sequence, so a person connected to one instance hears what another did.
 * Entries only need to live a few minutes: a reader starts at the last
 * sequence and never replays older ones.
 */
export interface LiveFeedStore {
  /** Appends one entry (payload must be JSON-able); returns its sequence. */
  appendFeed(entry: NewLiveFeedEntry): Promise<number>;
  /** Entries after `seq`, oldest first, at most `limit`. */
  feedAfter(seq: number, limit: number): Promise<LiveFeedEntry[]>;
  /** The sequence of the newest entry (0 when none was ever appended): where a new reader starts. */
  lastFeedSeq(): Promise<number>;
  /** Drops entries appended before `at`, the newest always kept (the sequence goes on from it); returns how many. */
  forgetFeedBefore(at: number): Promise<number>;
  /**
   * Calls `wake` whenever an entry may have been appended, where the server can say so (MongoDB change
   * streams); `failed` once when it cannot (FerretDB, a standalone server), after which nothing is called.
   * Returns the stop. Absent: readers poll.
   */
  watchFeed?(wake: () => void, failed: (err: unknown) => void): () => void;
}
