// A requester's free text while they have tickets under way is a follow-up
// until they say otherwise: it goes to the ticket it follows when only one can
// be meant, and otherwise the desk asks which one (or a new request) and keeps
// the words until they choose, so nothing they wrote opens a ticket on its own
// or is lost.
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import { reply, type Reply, type ReplyAction } from '../replies.js';
import { ACTIVE_STATUSES, type Ticket } from '../tickets/ticket.js';
import { replyOnTicket } from './ticket-ops.js';
import { openedReply } from './ticket-intake.js';
import { openTicket } from '../tickets/open-ticket.js';
import { isFileId, type Attachment, type RefusedFile } from '../files/attachment.js';
import { knowSelves } from '../people/selves.js';
import { ticketsOfRequesters } from './tickets-of-requesters.js';

/** A ticket changed this recently (opened, claimed, replied to, reopened…) is the one a message follows. */
export const RECENT_MS = 24 * 60 * 60 * 1000;
/** Tickets offered as buttons, newest first; older ones stay reachable with `ticket reply <code>`. */
const MAX_ASKED = 5;
const TITLE_CHARS = 40;

export type FollowUp =
  | { kind: 'none' }
  | { kind: 'waiting'; ticket: Ticket }
  | { kind: 'recent'; ticket: Ticket }
  | { kind: 'ask'; tickets: Ticket[] };

/**
 * Which of the requester's active tickets (newest first) a message follows:
 * the only one waiting for their answer; else the only one touched in the
 * last 24 hours; else, with any active, the question which.
 */
export function followUpOf(active: readonly Ticket[], now: number): FollowUp {
  if (active.length === 0) return { kind: 'none' };
  const waiting = active.filter((tk) => tk.status === 'waiting_user');
  if (waiting.length === 1) return { kind: 'waiting', ticket: waiting[0]! };
  if (waiting.length === 0) {
    const recent = active.filter((tk) => now - tk.updatedAt < RECENT_MS);
    if (recent.length === 1) return { kind: 'recent', ticket: recent[0]! };
  }
  return { kind: 'ask', tickets: active.slice(0, MAX_ASKED) };
}

export async function activeTickets(turn: Turn): Promise<Ticket[]> {
  return ticketsOfRequesters(turn.deps.store, await knowSelves(turn), { statuses: ACTIVE_STATUSES, limit: 10 });
}

/** What the desk keeps while it waits for the choice: per person, one at a time. */
interface Pending {
  text: string;
  codes: string[];
  at: number;
  /** Files sent with the words: they go where the words go. */
  files?: Attachment[];
}

const pendingKey = (turn: Turn) => `followup:${turn.from.platform}:${turn.from.userId}`;

function readPending(raw: string | null): Pending | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { text, codes, at, files } = value as Record<string, unknown>;
    if (typeof text !== 'string' || typeof at !== 'number' || !Array.isArray(codes)) return null;
    const pending: Pending = { text, codes: codes.filter((c): c is string => typeof c === 'string'), at };
    const kept = Array.isArray(files) ? files.filter(isAttachment) : [];
    if (kept.length > 0) pending.files = kept;
    return pending;
  } catch {
    return null;
  }
}

/** Asks which ticket the text follows; a second message before the choice joins the first, so both travel together. */
export async function askWhich(turn: Turn, text: string, tickets: readonly Ticket[]): Promise<Reply[]> {
  const key = pendingKey(turn);
  const earlier = readPending(await turn.deps.store.getRef(key));
  const stillMeant = earlier && turn.now - earlier.at < RECENT_MS;
  const joined = stillMeant ? `${earlier.text}\n${text}` : text;
  const pending: Pending = { text: joined, codes: tickets.map((tk) => tk.code), at: turn.now };
  // The files wait with the words (they are the turn's no longer: nobody is told they went nowhere).
  const files = [...(stillMeant ? (earlier.files ?? []) : []), ...(turn.carried?.pending ?? [])];
  if (files.length > 0) pending.files = files;
  if (turn.carried) turn.carried.pending = [];
  await turn.deps.store.setRef(key, JSON.stringify(pending));
  const actions: ReplyAction[] = tickets.map((tk) => ({ id: `follow-to:${tk.code}`, label: ticketLabel(tk) }));
  actions.push({ id: 'follow-new:new', label: t(turn.locale, 'followup.newRequest') });
  return [reply(t(turn.locale, 'followup.ask'), undefined, actions)];
}

function ticketLabel(tk: Ticket): string {
  const title = tk.title.length > TITLE_CHARS ? `${tk.title.slice(0, TITLE_CHARS - 1)}…` : tk.title;
  return `${tk.code}: ${title}`;
}

/** The files that waited with the words travel with this turn now. */
async function carry(turn: Turn, pending: Pending): Promise<void> {
  if (!pending.files) return;
  // Bytes nobody listed while the question waited may have been let go (an erase, a retention run).
  const still: Attachment[] = [];
  const gone: RefusedFile[] = [];
  for (const f of pending.files) {
    if (await turn.deps.store.fileInfo(f.id)) still.push(f);
    else gone.push({ name: f.name, reason: 'unreadable' });
  }
  turn.carried = { pending: [...(turn.carried?.pending ?? []), ...still], refused: [...(turn.carried?.refused ?? []), ...gone] };
}

/** Read back from the store: only well-formed descriptions of kept files. */
function isAttachment(value: unknown): value is Attachment {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return isFileId(f.id) && typeof f.name === 'string' && typeof f.mime === 'string' && typeof f.size === 'number';
}

/** Returns the words waiting for a choice and forgets them, so a second press finds them gone. */
async function takePending(turn: Turn): Promise<Pending> {
  const key = pendingKey(turn);
  const pending = readPending(await turn.deps.store.getRef(key));
  if (!pending) throw new HelpDeskError('OFFER.GONE');
  await turn.deps.store.setRef(key, '');
  return pending;
}

/** The requester picked the ticket their words follow. */
export async function followTo(turn: Turn, code: string): Promise<Reply[]> {
  const key = pendingKey(turn);
  const pending = readPending(await turn.deps.store.getRef(key));
  // Only a ticket the desk offered for these words: a stale or forged button carries nothing.
  if (!pending || !pending.codes.includes(code)) throw new HelpDeskError('OFFER.GONE');
  await carry(turn, pending);
  const replies = await replyOnTicket(turn, code, pending.text);
  await turn.deps.store.setRef(key, '');
  return replies;
}

/** The requester said it is a new request: their words go the way of any new request. */
export async function followNew(turn: Turn, startRequest: (turn: Turn, text: string) => Promise<Reply[]>): Promise<Reply[]> {
  const pending = await takePending(turn);
  if (!pending.files) return startRequest(turn, pending.text);
  // Files want a person: the ticket opens at once, as it would have without the question.
  await carry(turn, pending);
  return [openedReply(turn, await openTicket(turn, pending.text, { faqTried: null }))];
}
