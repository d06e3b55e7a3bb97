// The files a person sent with one message travel with the turn until a change
// takes them: the first message, reply, note, resolution or new ticket that
// commits in that turn lists them on its ticket (within the ticket's total).
// Whatever no change took, or the ticket had no room for, the sender is told.
import type { EventKind, PersonRef, Ticket } from '../tickets/ticket.js';
import type { Change } from '../tickets/transitions.js';
import { sameParticipant } from '../events.js';
import type { Outbound } from '../replies.js';
import { cleanFileName } from './file-name.js';
import { isFileId, ticketBytes, type Attachment, type RefusedFile, type TicketFile } from './attachment.js';
import { sizeWords } from './file-keeper.js';

/** What one turn carries: files not yet on a ticket, and those refused (at the channel, or for want of room). */
export interface CarriedFiles {
  pending: Attachment[];
  refused: RefusedFile[];
}

/** Changes that may bring files: what people say to each other, and a new ticket. */
const TAKES: ReadonlySet<EventKind> = new Set(['created', 'message', 'reply', 'note', 'resolved']);

export function carriedFrom(files: readonly Attachment[] | undefined, refused: readonly RefusedFile[] | undefined): CarriedFiles | undefined {
  if (!files?.length && !refused?.length) return undefined;
  // Names are one person's words shown to another: cleaned here whatever the channel did.
  const pending = (files ?? []).filter((f) => isFileId(f.id) && Number.isFinite(f.size)).map((f) => ({ id: f.id, name: cleanFileName(f.name), mime: f.mime, size: f.size }));
  return { pending, refused: (refused ?? []).map((f) => ({ ...f, name: cleanFileName(f.name) })) };
}

/** Entries a ticket lists at most, whatever their size: the ticket document stays small. */
export const MAX_FILES_PER_TICKET = 200;

/** The files of `pending` the ticket has room for, in order; one it lists already is not listed again. */
function fitting(current: readonly TicketFile[], pending: readonly Attachment[], maxTicketBytes: number): Attachment[] {
  const fit: Attachment[] = [];
  let used = ticketBytes(current);
  for (const f of pending) {
    if (current.some((c) => c.id === f.id) || fit.some((c) => c.id === f.id)) continue;
    if (used + f.size > maxTicketBytes || current.length + fit.length >= MAX_FILES_PER_TICKET) continue;
    used += f.size;
    fit.push(f);
  }
  return fit;
}

/**
 * The change with the carried files on its ticket (pure: a change re-decided after a
 * conflict gets them again). `version` is the one the change will be written as.
 */
export function withCarriedFiles(carried: CarriedFiles | undefined, maxTicketBytes: number, change: Change, version: number): Change {
  if (!carried || carried.pending.length === 0 || !TAKES.has(change.event.kind)) return change;
  const current = change.next.files ?? [];
  const fit = fitting(current, carried.pending, maxTicketBytes);
  if (fit.length === 0) return change;
  const by: PersonRef = change.event.actor;
  const internal = change.event.kind === 'note';
  const added: TicketFile[] = fit.map((f) => ({ ...f, at: change.event.at, version, by, ...(internal ? { internal: true as const } : {}) }));
  return {
    next: { ...change.next, files: [...current, ...added] },
    event: { ...change.event, data: { ...change.event.data, files: added.length } },
  };
}

/** After a commit of `kind`: what the ticket took is no longer carried; what it had no room for is refused. */
export function noteTaken(carried: CarriedFiles | undefined, saved: Ticket, kind: EventKind, maxTicketBytes: number): void {
  if (!carried || carried.pending.length === 0 || !TAKES.has(kind)) return;
  for (const f of carried.pending) {
    if (!(saved.files ?? []).some((x) => x.id === f.id)) carried.refused.push({ name: f.name, reason: 'ticket_full', detail: sizeWords(maxTicketBytes) });
  }
  carried.pending = [];
}

/** Files this version of the ticket brought. */
export function filesAdded(after: Ticket): TicketFile[] {
  return (after.files ?? []).filter((f) => f.version === after.version);
}

/** Each push of a change that brought files carries them; the requester never gets an internal note's. */
export function withFilesOut(outbound: Outbound[], after: Ticket): Outbound[] {
  const added = filesAdded(after);
  if (added.length === 0) return outbound;
  const strip = (f: TicketFile): Attachment => ({ id: f.id, name: f.name, mime: f.mime, size: f.size });
  return outbound.map((o) => {
    const toRequester = o.to.kind === 'person' && sameParticipant(o.to.person, after.requester);
    const files = added.filter((f) => !(toRequester && f.internal)).map(strip);
    if (files.length === 0) return o;
    const out: Outbound = { ...o, reply: { ...o.reply, files } };
    if (o.inLocales) out.inLocales = o.inLocales.map((r) => ({ ...r, reply: { ...r.reply, files } }));
    return out;
  });
}
