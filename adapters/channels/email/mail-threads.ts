// Which conversation a mail belongs to, read from the ids mail clients carry in
// In-Reply-To and References: every mail the desk sends or takes in is noted
// against its ticket (or the FAQ answer it was), so a reply whose subject lost
// its [IT-42] still finds its way. Kept in the store's refs: a restart, or
// another instance, reads the same threads.
import type { StateStore } from '../../../src/index.js';

export type MailTarget = { kind: 'ticket'; code: string } | { kind: 'offer'; offer: string };

/** A ticket's thread: the first mail (the References root) and the latest, which the next mail answers. */
export interface ThreadIds {
  root: string;
  last: string;
}

const msgKey = (id: string) => `email:msg:${id}`;
const threadKey = (code: string) => `email:thread:${code}`;
/** Past this many ids a References header only grows: the root and the latest are what clients use. */
const MAX_LOOKUP = 20;

function encode(target: MailTarget): string {
  return target.kind === 'ticket' ? `ticket:${target.code}` : `offer:${target.offer}`;
}

function decode(value: string | null): MailTarget | null {
  if (!value) return null;
  const cut = value.indexOf(':');
  const kind = value.slice(0, cut);
  const id = value.slice(cut + 1);
  if (kind === 'ticket' && id) return { kind: 'ticket', code: id };
  if (kind === 'offer' && id) return { kind: 'offer', offer: id };
  return null;
}

export function createMailThreads(refs: Pick<StateStore, 'getRef' | 'setRef'>) {
  return {
    /** The conversation of the newest id that the desk knows (In-Reply-To first, then References from the latest back). */
    async targetOf(inReplyTo: readonly string[], references: readonly string[]): Promise<MailTarget | null> {
      const ids = [...inReplyTo, ...[...references].reverse()].slice(0, MAX_LOOKUP);
      for (const id of ids) {
        const target = decode(await refs.getRef(msgKey(id)));
        if (target) return target;
      }
      return null;
    },
    async note(messageId: string, target: MailTarget): Promise<void> {
      await refs.setRef(msgKey(messageId), encode(target));
    },
    async thread(code: string): Promise<ThreadIds | null> {
      const raw = await refs.getRef(threadKey(code));
      if (!raw) return null;
      try {
        const v = JSON.parse(raw) as Partial<ThreadIds>;
        return typeof v.root === 'string' && typeof v.last === 'string' ? { root: v.root, last: v.last } : null;
      } catch {
        return null;
      }
    },
    /** `messageId` joins the ticket's thread as its latest mail (its first, when the thread is new). */
    async extend(code: string, messageId: string): Promise<void> {
      const known = await this.thread(code);
      await refs.setRef(threadKey(code), JSON.stringify({ root: known?.root ?? messageId, last: messageId }));
      await this.note(messageId, { kind: 'ticket', code });
    },
  };
}

export type MailThreads = ReturnType<typeof createMailThreads>;
