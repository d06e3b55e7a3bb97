// How many automatic mails (acknowledgements, FAQ answers) one address gets in
// an hour. Two robots answering each other would loop for ever; past the limit
// the desk still takes their mails in but stops answering. The slots are
// set-if-absent keys in the store, so the count survives a restart and holds
// across instances without a counter that needs atomic increments.
import type { StateStore } from '../../../src/index.js';

const HOUR_MS = 60 * 60 * 1000;

export function createAutoReplyLimit(store: Pick<StateStore, 'rememberOnce'>, perHour: number) {
  return {
    /** Takes one of this hour's slots for `address`; false when they are all taken. */
    async take(address: string, now: number): Promise<boolean> {
      const hour = Math.floor(now / HOUR_MS);
      // robot+1@, robot+2@… are one mailbox: one share.
      const mailbox = address.replace(/\+[^@]*@/, '@');
      for (let slot = 0; slot < perHour; slot++) {
        if (await store.rememberOnce(`email:auto:${mailbox}:${hour}:${slot}`, now)) return true;
      }
      return false;
    },
  };
}
