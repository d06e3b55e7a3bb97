// What delivering one committed change takes on a platform, the same for every
// channel: messages to its people, and (where a triage channel is set) one card
// per ticket, posted once, updated in place, with the conversation in its
// thread. Echoes are skipped by where the change came from, never by its text.
// An adapter brings only its platform verbs and its renderers.
import { RecipientUnreachableError, TICKET_THREAD, replyFor, type ChangeRecord, type PersonRef, type Reply, type StateStore } from '../../src/index.js';
import type { DeliveryStep } from './channel-adapter.js';

export interface CardVerbs {
  /** Posts a ticket's card in the triage channel; returns the reference to keep for it, or null when there is no triage channel to post in yet. */
  post(reply: Reply, code: string): Promise<string | null>;
  update(ref: string, reply: Reply): Promise<void>;
  /** A message under the card (in its thread, or as a reply to it). */
  postUnder(ref: string, text: string): Promise<void>;
  /** The conversation, mirrored under the card as the platform writes it; absent where the thread is the conversation. */
  mirror?(ref: string, label: string, text: string): Promise<void>;
}

export interface PlatformVerbs {
  name: string;
  refs: Pick<StateStore, 'getRef' | 'setRef'>;
  /** A message to one person here; throws RecipientUnreachableError when they cannot be reached. */
  toPerson(person: PersonRef, reply: Reply, record: ChangeRecord): Promise<void>;
  /** People's messages about a ticket land in the ticket's own thread (where the change may have been typed). */
  peopleInTicketThread?: boolean;
  /** Present when the platform keeps a card per ticket. */
  cards?: CardVerbs | undefined;
  /** Platform extras after the shared steps (home tabs, thread members). */
  extraSteps?(record: ChangeRecord): DeliveryStep[];
}

const MIRRORED = new Set(['reply', 'message', 'note']);

export const cardKey = (channel: string, code: string) => `${channel}:card:${code}`;

/** The change was typed in this platform's thread of the ticket: that thread shows it already. */
function typedInThread(v: PlatformVerbs, record: ChangeRecord): boolean {
  return record.origin.channel === v.name && record.origin.place === TICKET_THREAD;
}

export function planDelivery(v: PlatformVerbs, record: ChangeRecord): DeliveryStep[] {
  const code = record.ticket.code;
  const steps: DeliveryStep[] = [];
  const message = (person: PersonRef, reply: Reply, ifUnreachable?: Reply): DeliveryStep => ({
    what: `message to ${v.name}:${person.userId}`,
    run: () => v.toPerson(person, reply, record),
    ...(ifUnreachable ? { ifUnreachable: { to: record.origin.person, reply: ifUnreachable } } : {}),
  });

  for (const out of record.outbound) {
    if (out.to.kind === 'person') {
      if (out.to.person.platform !== v.name || (v.peopleInTicketThread && typedInThread(v, record))) continue;
      steps.push(message(out.to.person, out.reply, out.ifUnreachable));
      continue;
    }
    const agents = out.to.agents.filter((a) => a.platform === v.name);
    const toAgents = async () => {
      for (const agent of agents) await toAgent(v, agent, replyFor(out, agent.locale), record);
    };
    const cards = v.cards;
    if (!cards) {
      if (agents.length > 0) steps.push({ what: `team ${out.to.department} L${out.to.tier}`, run: toAgents });
      continue;
    }
    steps.push({
      what: `card ${code}`,
      run: async () => {
        const known = await v.refs.getRef(cardKey(v.name, code));
        if (known) return cards.postUnder(known, out.reply.text);
        const ref = await cards.post(out.reply, code);
        if (ref === null) return toAgents();
        if (ref) await v.refs.setRef(cardKey(v.name, code), ref);
      },
    });
  }

  if (v.cards) steps.push(cardUpdate(v, v.cards, record));
  steps.push(...(v.extraSteps?.(record) ?? []));
  return steps;
}

/** An agent who cannot be reached here still sees the ticket in their queue: no failure for that. */
async function toAgent(v: PlatformVerbs, agent: PersonRef, reply: Reply, record: ChangeRecord): Promise<void> {
  try {
    await v.toPerson(agent, reply, record);
  } catch (err) {
    if (!(err instanceof RecipientUnreachableError)) throw err;
  }
}

function cardUpdate(v: PlatformVerbs, cards: CardVerbs, record: ChangeRecord): DeliveryStep {
  const { kind, text, actor } = record.event;
  return {
    what: `card update ${record.ticket.code}`,
    run: async () => {
      const ref = await v.refs.getRef(cardKey(v.name, record.ticket.code));
      if (!ref) return;
      if (kind !== 'created') await cards.update(ref, record.card);
      if (!cards.mirror || !text || !MIRRORED.has(kind) || typedInThread(v, record)) return;
      await cards.mirror(ref, kind === 'note' ? `${actor.name} (internal note)` : actor.name, text);
    },
  };
}
