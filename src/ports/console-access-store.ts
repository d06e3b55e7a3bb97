// The agent console's sign-in: one-time links and sessions, kept by the hash
// of their token (whoever reads the store cannot sign in with what they read).
// In the store, so they survive a restart and work across instances.

/** Whom a link or session stands for (an agent's platform identity), and until when. */
export interface ConsoleGrant {
  platform: string;
  userId: string;
  expiresAt: number;
}

export interface ConsoleSession extends ConsoleGrant {
  /** What the console's forms send back: another site can make the browser send the cookie, not this. */
  csrf: string;
}

export interface ConsoleAccessStore {
  /** Keeps a sign-in link under the hash of its token. */
  saveSignInLink(hash: string, grant: ConsoleGrant): Promise<void>;
  /** The link's grant while it is unused and not expired at `now`, without using it. */
  peekSignInLink(hash: string, now: number): Promise<ConsoleGrant | null>;
  /** Uses the link: of any number of callers at once, one gets the grant; used or expired gives null. */
  takeSignInLink(hash: string, now: number): Promise<ConsoleGrant | null>;
  saveConsoleSession(hash: string, session: ConsoleSession): Promise<void>;
  /** The session while it has not expired at `now` and was not ended. */
  consoleSession(hash: string, now: number): Promise<ConsoleSession | null>;
  endConsoleSession(hash: string): Promise<void>;
  /** Drops links and sessions expired before `now`; returns how many. */
  forgetConsoleAccessBefore(now: number): Promise<number>;
}
