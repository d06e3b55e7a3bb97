// The normalised shapes that cross the core's edge: what adapters hand in, and
// who a message is for. No platform type appears here.
import type { Command } from './commands/command.js';
import type { Attachment, RefusedFile } from './files/attachment.js';

export type Locale = 'it' | 'en';
export const LOCALES: readonly Locale[] = ['it', 'en'];

/** A person as a chat platform knows them. `platform` + `userId` is the identity. */
export interface Participant {
  platform: string;
  userId: string;
  name: string;
  locale?: Locale;
  isBot?: boolean;
  /**
   * The channel could not prove this identity (a mail no authentication verdict
   * vouches for): it acts only as itself, never for the identities linked to it.
   */
  unverified?: true;
  /**
   * The address the platform itself vouches for (Slack profile, Teams UPN, OIDC
   * email_verified), never one the person typed: it links their identities on
   * other channels, e-mail included, as one person's (see people/selves.ts).
   */
  email?: string;
}

interface InboundBase {
  /** Platform delivery id (event_id, activity id, …); retries repeat it. */
  id?: string;
  /** Channel the event came through, for the audit trail (web, slack, …). */
  channel: string;
  from: Participant;
  /** The platform place it was typed in when that matters to delivery (a ticket card's thread), as the channel names it. */
  place?: string;
  /** Files sent with it, already checked and kept by the channel through the FileKeeper. */
  files?: Attachment[];
  /** Files sent with it that the desk did not keep: the sender is told why. */
  refusedFiles?: RefusedFile[];
}

/**
 * The `place` of a message typed in a ticket's own thread (a triage card's
 * thread, a ticket's private thread): the thread shows it already, so the
 * channel need not post it there again.
 */
export const TICKET_THREAD = 'ticket-thread';

/**
 * The `place` of a message whose answers everyone there will read (a team
 * channel where the platform could not reach the person privately): the desk
 * leaves internal notes out of what it answers.
 */
export const SHARED_PLACE = 'shared';

export type InboundEvent =
  /** Text as typed: `ticket …` commands are read by the desk's grammar, the rest is free text. */
  | (InboundBase & { kind: 'message'; text: string })
  /** A button, form or slash-command option, already a Command. */
  | (InboundBase & { kind: 'command'; command: Command })
  /** A button whose id commandFromAction could not read (stale, forged): the desk answers why. */
  | (InboundBase & { kind: 'action'; actionId: string });

export function participantKey(p: Pick<Participant, 'platform' | 'userId'>): string {
  return `${p.platform}:${p.userId}`;
}

export function sameParticipant(
  a: Pick<Participant, 'platform' | 'userId'> | null | undefined,
  b: Pick<Participant, 'platform' | 'userId'> | null | undefined,
): boolean {
  return !!a && !!b && a.platform === b.platform && a.userId === b.userId;
}
