// What the web chat keeps and reads back for a person: their conversation (what
// they typed, what the desk answered or pushed), the questions to suggest on
// arrival, and their own tickets. Failing to keep a line never fails the
// conversation itself: it is logged, and the person still gets their answer.
import {
  HISTORY_PER_PERSON, statusLabel, suggestedQuestions,
  type InboundEvent, type Locale, type Logger, type Reply, type ReplyForm, type Store, type TicketStatus,
} from '../../../src/index.js';
import { textOn, type WebBranding } from './branding.js';
import { renderReply, type WebFile, type WebReply } from './render-reply.js';

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
  /** What the person sent with their words. */
  files?: WebFile[];
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
  now?: () => number;
}

const web = (userId: string) => ({ platform: 'web', userId });

/** How far back a pressed button's message is looked for. */
const RECENT_FOR_LABELS = 30;

/** What a POST to /web/api/actions carried: a button's id, or a form and its values. */
export interface Sent {
  /** Files the person sent with a message. */
  files?: WebFile[];
  actionId?: string;
  form?: { id: string; values: Record<string, string> };
}

/** A sent form as the page shows it: "Label: value" per field filled in, a choice by its label. */
function formSummary(form: ReplyForm, values: Record<string, string>): string | undefined {
  const lines = form.fields.flatMap((f) => {
    const value = Object.hasOwn(values, f.id) ? values[f.id]!.trim() : '';
    if (!value) return [];
    const shown = f.kind === 'select' ? (f.options?.find((o) => o.value === value)?.label ?? value) : value;
    return [`${f.label}: ${shown}`];
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** How long the suggested questions stand before the counts are read again (page loads in between share one read). */
const SUGGESTIONS_FRESH_MS = 5_000;

export function createChatRecords({ store, logger, branding, frameAncestors, now = Date.now }: Options) {
  /**
   * The suggested questions per language, worked out at most every few seconds: every page load
   * asks (signed in or not), and counting answers reads every answer given in the language.
   */
  const suggested = new Map<Locale, { until: number; questions: Promise<string[]> }>();
  function suggestionsFor(locale: Locale): Promise<string[]> {
    const known = suggested.get(locale);
    if (known && known.until > now()) return known.questions;
    const questions = store
      ? Promise.all([store.listFaqs(), store.mostAskedFaqs(locale, SUGGESTIONS * 2)]).then(([entries, mostAsked]) =>
          suggestedQuestions(locale, entries, mostAsked, SUGGESTIONS).map((q) => q.question),
        )
      : Promise.resolve([]);
    suggested.set(locale, { until: now() + SUGGESTIONS_FRESH_MS, questions });
    // A failed read is not remembered: the next page load asks again.
    questions.catch(() => suggested.delete(locale));
    return questions;
  }

  /** `data`: the line as JSON (a reply already serialised for its response is not serialised again). */
  async function append(userId: string, lines: { from: HistoryEntry['from']; data: string }[]): Promise<string[]> {
    if (!store || lines.length === 0) return [];
    const at = now();
    try {
      return await store.appendHistory(web(userId), lines.map((l) => ({ at, from: l.from, data: l.data })));
    } catch (err) {
      logger.warn({ err, user: userId }, 'could not keep web chat lines in the history; the conversation goes on');
      return [];
    }
  }

  /**
   * A button or a form, in the words the page showed for it ("▸ Yes, solved",
   * "Title: …"): found on the message it came with among the person's latest
   * lines, so what the history says was pressed is what the desk offered.
   */
  async function whatWasSent(userId: string, sent: Sent): Promise<string | undefined> {
    if (!store || (!sent.actionId && !sent.form)) return undefined;
    try {
      const recent = (await store.historyOf(web(userId), RECENT_FOR_LABELS)).reverse();
      for (const line of recent) {
        if (line.from === 'person') continue;
        const reply = JSON.parse(line.data) as WebReply;
        const action = sent.actionId ? reply.actions?.find((a) => a.id === sent.actionId) : undefined;
        if (action) return `▸ ${action.label}`;
        if (sent.form && reply.form?.id === sent.form.id) return formSummary(reply.form, sent.form.values);
      }
    } catch (err) {
      logger.warn({ err, user: userId }, 'could not read the web chat history');
    }
    return undefined;
  }

  return {
    /** A message pushed to the person; returns its id in their history when it was kept. */
    async rememberPushed(userId: string, reply: Reply): Promise<string | undefined> {
      const [id] = await append(userId, [{ from: 'pushed', data: JSON.stringify(renderReply(reply)) }]);
      return id;
    },

    /** What the person typed, pressed or filled in, and what the desk answered (each reply as its JSON). */
    async rememberExchange(event: InboundEvent, replies: readonly string[], sent: Sent = {}): Promise<void> {
      const said = event.kind === 'message' ? event.text : await whatWasSent(event.from.userId, sent);
      const files = sent.files && sent.files.length > 0 ? { files: sent.files } : {};
      const typed = said || 'files' in files ? [{ from: 'person' as const, data: JSON.stringify({ text: said ?? '', ...files }) }] : [];
      await append(event.from.userId, [...typed, ...replies.map((r) => ({ from: 'desk' as const, data: r }))]);
    },

    async history(userId: string): Promise<HistoryEntry[]> {
      if (!store) return [];
      const lines = await store.historyOf(web(userId), HISTORY_PER_PERSON);
      return lines.map((l) => {
        const data = JSON.parse(l.data) as WebReply;
        if (l.from !== 'person') return { id: l.id, at: l.at, from: l.from, reply: data };
        return { id: l.id, at: l.at, from: l.from, text: data.text, ...(data.files && data.files.length > 0 ? { files: data.files } : {}) };
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
      const suggestions = await suggestionsFor(locale);
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
