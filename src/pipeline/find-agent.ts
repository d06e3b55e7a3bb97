import type { Locale, Participant } from '../events.js';
import type { Agent, PeopleStore } from '../ports/people-store.js';

/** Looked up on every turn, so an agent added with the CLI counts at once. */
export function findAgent(people: PeopleStore, from: Participant): Promise<Agent | null> {
  return people.getAgent(from.platform, from.userId);
}

export function localeFor(from: Participant, agent: Agent | null, fallback: Locale): Locale {
  return from.locale ?? agent?.locale ?? fallback;
}
