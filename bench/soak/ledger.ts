// Honest counting: every message the soak sends carries a unique token, and the
// ledger knows what must come back for it. At the end, per token: the tickets it
// opened (read from the store) and the answers that reached the person (HTTP
// answer, or a message the platform carried): once is delivered, more is a
// duplicate, none is lost. An answer saying the message is kept while the store
// is down does not count: only the real answer, when it comes, does.

export type Channel = 'web' | 'slack' | 'teams' | 'discord' | 'agent';

export interface Sent {
  token: string;
  channel: Channel;
  sentAt: number;
  /** The sender got its acknowledgement (2xx, an interaction callback), after any retries. */
  accepted: boolean;
  /** Web only: the HTTP answer, when it came. */
  answer?: string;
  answeredAt?: number;
  /** The desk answered "kept, we are having trouble": the real answer must come later. */
  kept?: boolean;
  /** Agent replies: the ticket answered. */
  code?: string;
  /** Web requesters: whose history to read for answers pushed later. */
  webUser?: string;
}

export interface Errors {
  /** Instances' HTTP 5xx answers. */
  http5xx: number;
  /** Connections refused by a stopped instance, each tried again on the next one by the balancer. */
  refusedRetried: number;
  /** Resets and timeouts: the request may or may not have been handled. */
  resetOrTimeout: number;
  /** Platform retries sent (Slack's, Teams', a Discord user trying the command again). */
  platformRetries: number;
  /** Messages whose sender never got an acknowledgement, retries included. */
  unacknowledged: number;
  /** Sends skipped because too many were already under way (the cap on load). */
  shed: number;
}

export function createLedger() {
  const sent = new Map<string, Sent>();
  let n = 0;
  const errors: Errors = { http5xx: 0, refusedRetried: 0, resetOrTimeout: 0, platformRetries: 0, unacknowledged: 0, shed: 0 };
  return {
    sent,
    errors,
    /** A token no text the desk writes would contain by chance, and no other token contains. */
    token: () => `sk${String(++n).padStart(6, '0')}q`,
    record(s: Sent) {
      sent.set(s.token, s);
      return s;
    },
  };
}
export type Ledger = ReturnType<typeof createLedger>;

/** A ticket code as the desk writes it (IT-12, FAC-3), standing alone. */
export const codeIn = (code: string) => new RegExp(`(^|[^A-Za-z0-9-])${code.replace('-', '\\-')}([^0-9]|$)`);
/** The desk's answer to a new ticket, in English: "Ticket IT-12 opened (…)". */
export const openedIn = (code: string) => new RegExp(`Ticket ${code.replace('-', '\\-')} opened`);
export const CODE = /\b([A-Z]{2,5}-\d+)\b/;

export interface Outcome {
  token: string;
  channel: Channel;
  tickets: number;
  answers: number;
  latencyMs: number | null;
  verdict: 'delivered' | 'duplicate' | 'lost' | 'refused';
}

/**
 * `ticketsByToken`: codes of the tickets each token opened, from the store;
 * `arrivals`: what the platforms carried to people; `history`: what web users'
 * histories show, read at the end (for answers pushed after a kept message).
 */
export function tally(
  ledger: Ledger,
  ticketsByToken: Map<string, string[]>,
  arrivals: readonly { text: string; at: number }[],
  history: Map<string, { text: string; at: number }[]>,
): Outcome[] {
  const out: Outcome[] = [];
  for (const s of ledger.sent.values()) {
    const codes = ticketsByToken.get(s.token) ?? [];
    let answers = 0;
    let first = Infinity;
    const seen = (at: number) => {
      answers++;
      first = Math.min(first, at);
    };
    if (s.channel === 'agent') {
      for (const a of arrivals) if (a.text.includes(s.token)) seen(a.at);
    } else if (s.channel === 'web') {
      if (s.answer && !s.kept && codes.some((c) => openedIn(c).test(s.answer!))) seen(s.answeredAt!);
      // Kept, or no answer at all (a reset): what the person's page shows them afterwards.
      if (answers === 0) for (const h of history.get(s.webUser!) ?? []) if (codes.some((c) => openedIn(c).test(h.text))) seen(h.at);
    } else {
      for (const a of arrivals) if (codes.some((c) => openedIn(c).test(a.text))) seen(a.at);
    }
    const tickets = s.channel === 'agent' ? (answers > 0 ? 1 : 0) : codes.length;
    // Refused: the sender was told it failed and nothing came of it. Anything else short of one and one is lost.
    const verdict = tickets > 1 || answers > 1 ? 'duplicate' : tickets === 1 && answers === 1 ? 'delivered' : !s.accepted && tickets === 0 && answers === 0 ? 'refused' : 'lost';
    out.push({ token: s.token, channel: s.channel, tickets, answers, latencyMs: Number.isFinite(first) ? first - s.sentAt : null, verdict });
  }
  return out;
}
