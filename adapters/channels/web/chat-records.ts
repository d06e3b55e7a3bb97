// What the web chat keeps and reads back for a person: their conversation (what
// they typed, what the desk answered or pushed), the questions to suggest on
// arrival, and their own tickets. Failing to keep a line never fails the
// conversation itself: it is logged, and the person still gets their answer.
import {
  HISTORY_PER_PERSON, statusLabel, suggestedQuestions,
  type InboundEvent, type Locale, type Logger, type Reply, type Store, type TicketStatus,
} from '../../../src/index.js';
import { textOn, type WebBranding } from './branding.js';
import { renderReply, type WebReply } from './render-reply.js';

export type ChatRecordStore = Pick<Store, 'appendHistory' | 'historyOf' | 'mostAskedFaqs' | 'listFaqs' | 'byRequester'>;

/** How many questions the greeting offers at most. */
export const SUGGESTIONS = 5;
/** Tickets in the "my tickets" panel: the newest. */
export const TICKETS_SHOWN = 20;

export interface HistoryEntry {
  id: string;
  at: number;
  from: 'person' | 'desk' | 'pushed';
  text?: string;
  reply?: WebReply;
}

export interface MyTicket {
  code: string;
  title: string;
  status: TicketStatus;
  statusLabel: string;
  updatedAt: number;
}

interface Options {
  store: ChatRecordStore | undefined;
  logger: Logger;
  branding: WebBranding;
  frameAncestors: readonly string[];
  defaultLocale: Locale;
  now?: () => number;
}

const web = (userId: string) => ({ platform: 'web', userId });

export function createChatRecords({ store, logger, branding, frameAncestors, now = Date.now }: Options) {
  async function append(userId: string, lines: { from: HistoryEntry['from']; data: object }[]): Promise<string[]> {
    if (!store || lines.length === 0) return [];
    const at = now();
    try {
      return await store.appendHistory(web(userId), lines.map((l) => ({ at, from: l.from, data: JSON.stringify(l.data) })));
    } catch (err) {
      logger.warn({ err, user: userId }, 'could not keep web chat lines in the history; the conversation goes on');
      return [];
    }
  }

  return {
    /** A message pushed to the person; returns its id in their history when it was kept. */
    async rememberPushed(userId: string, reply: Reply): Promise<string | undefined> {
      const [id] = await append(userId, [{ from: 'pushed', data: renderReply(reply) }]);
      return id;
    },

    /** What the person typed (a message; a pressed button is the reply's business) and what the desk answered. */
    async rememberExchange(event: InboundEvent, replies: readonly WebReply[]): Promise<void> {
      const typed = event.kind === 'message' ? [{ from: 'person' as const, data: { text: event.text } }] : [];
      await append(event.from.userId, [...typed, ...replies.map((r) => ({ from: 'desk' as const, data: r }))]);
    },

    async history(userId: string): Promise<HistoryEntry[]> {
      if (!store) return [];
      const lines = await store.historyOf(web(userId), HISTORY_PER_PERSON);
      return lines.map((l) => {
        const data = JSON.parse(l.data) as WebReply;
        return l.from === 'person' ? { id: l.id, at: l.at, from: l.from, text: data.text } : { id: l.id, at: l.at, from: l.from, reply: data };
      });
    },

    async tickets(userId: string, locale: Locale): Promise<MyTicket[]> {
      if (!store) return [];
      const tickets = await store.byRequester('web', userId, { limit: TICKETS_SHOWN });
      return tickets
        .map((t) => ({ code: t.code, title: t.title, status: t.status, statusLabel: statusLabel(locale, t.status), updatedAt: t.updatedAt }))
        .sort((a, b) => b.updatedAt - a.updatedAt);
    },

    async welcome(locale: Locale) {
      let suggestions: string[] = [];
      if (store) {
        const [entries, mostAsked] = await Promise.all([store.listFaqs(), store.mostAskedFaqs(locale, SUGGESTIONS * 2)]);
        suggestions = suggestedQuestions(locale, entries, mostAsked, SUGGESTIONS).map((s) => s.question);
      }
      const welcome = branding.welcome[locale];
      return {
        lang: locale,
        brand: { name: branding.name, colour: branding.colour, textColour: textOn(branding.colour), ...(branding.logoUrl ? { logoUrl: branding.logoUrl } : {}) },
        ...(welcome ? { welcome } : {}),
        suggestions,
        embedOrigins: frameAncestors,
      };
    },
  };
}
