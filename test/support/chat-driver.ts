// One way to talk to a running desk through one channel (the web chat API, or a
// chat platform's real SDK against its local stand-in), so the same fixture of
// conversations (test/fixtures/conversations/desk-conversations.json) runs
// through each. Drivers speak only the channel's own wire format.

/** A message as a person sees it on the channel, reduced to what the fixture checks. */
export interface SeenMessage {
  text: string;
  /** The buttons under it, as the desk named them (`claim:IT-4`, `intake-open:<offer>`) and labelled them. */
  buttons: { id: string; label: string }[];
  /** The ticket the message shows, when it shows one (a card, an opened ticket). */
  ticket?: { code: string; status?: string; department?: string; priority?: string; tier?: number; assignee?: string };
  /** The form offered with it (see Reply.form), when the channel shows one. */
  form?: { id: string; fields: string[] };
}

export interface PersonSpec {
  /** The fixture's name for them ("requester", "lea"); drivers make a channel user id from it. */
  key: string;
  name: string;
  locale: 'it' | 'en';
  /** Registered as an agent of these departments at this tier before the conversation starts. */
  agent?: { departments: string[]; tier: 1 | 2 | 3 };
}

export interface ChatDriver {
  readonly channel: 'web' | 'slack' | 'teams' | 'discord';
  /** Makes the person known to the channel (and the desk, for agents); called before their first turn. */
  meet(person: PersonSpec): Promise<void>;
  /** The person writes to the desk privately (web chat, DM, personal chat); resolves with what they see in answer. */
  say(key: string, text: string): Promise<SeenMessage[]>;
  /** The person presses a button the desk showed them. */
  press(key: string, actionId: string): Promise<SeenMessage[]>;
  /** The person fills in and sends a form the desk showed them. */
  submit(key: string, formId: string, values: Record<string, string>): Promise<SeenMessage[]>;
  /** Messages pushed to the person since the last call (not answers to their own turns): DMs, stream items. */
  pushes(key: string): Promise<SeenMessage[]>;
  stop(): Promise<void>;
}
