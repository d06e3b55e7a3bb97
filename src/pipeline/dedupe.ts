import type { InboundEvent } from '../events.js';
import type { StateStore } from '../ports/state-store.js';

export function deliveryKey(event: InboundEvent): string | null {
  return event.id ? `${event.from.platform}:${event.id}` : null;
}

/** Platforms redeliver on timeouts: only the first delivery of an id gets through. */
export async function isFirstDelivery(store: StateStore, event: InboundEvent, now: number): Promise<boolean> {
  const key = deliveryKey(event);
  return key === null || store.rememberOnce(key, now);
}
