/**
 * Periodic work shared by several instances: the period's slot is claimed in the store,
 * and exactly one claimant gets it. Nothing to release: a holder that dies loses only
 * its slot, and the next period's is free for anyone.
 */
export interface WorkSlotStore {
  /** True for exactly one caller per (name, slot), across every instance. */
  claimSlot(name: string, slot: number, holder: string, at: number): Promise<boolean>;
  /** Gives a slot back before it ends, so another can claim it at once; only its holder can, and a slot not held is ignored. */
  releaseSlot(name: string, slot: number, holder: string): Promise<void>;
  /**
   * Gives back every slot whose holder's name begins with `holderPrefix`, except `keep`'s: what an
   * earlier life of this instance held when it died. Returns how many were given back.
   */
  releaseSlotsHeldBy(holderPrefix: string, keep: string): Promise<number>;
}
