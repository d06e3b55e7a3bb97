import type { Outbound } from '../replies.js';

/** Delivers messages the desk starts itself, routed by each recipient's platform. */
export interface Notifier {
  deliver(outbound: Outbound): Promise<void>;
}
