// The normalised shapes that cross the core's edge: what adapters hand in, and
// who a message is for. No platform type appears here.

export type Locale = 'it' | 'en';
export const LOCALES: readonly Locale[] = ['it', 'en'];

/** A person as a chat platform knows them. `platform` + `userId` is the identity. */
export interface Participant {
  platform: string;
  userId: string;
  name: string;
  locale?: Locale;
  isBot?: boolean;
}

interface InboundBase {
  /** Platform delivery id (event_id, activity id, …); retries repeat it. */
  id?: string;
  /** Channel the event came through, for the audit trail (web, slack, …). */
  channel: string;
  from: Participant;
  /** The platform place it was typed in when that matters to delivery (a ticket card's thread), as the channel names it. */
  place?: string;
}

/** `place` of a message typed in a ticket's own thread (a triage card's replies, a ticket thread). */
export const TICKET_THREAD = 'ticket-thread';

export type InboundEvent =
  | (InboundBase & { kind: 'message'; text: string })
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
