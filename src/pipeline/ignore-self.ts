import type { InboundEvent } from '../events.js';

/** Bots (the desk itself included) never start a conversation with the desk. */
export function isFromBot(event: InboundEvent): boolean {
  return event.from.isBot === true;
}
