// The conversation fixture spoken through the web chat's JSON API: a real server
// on 127.0.0.1 in WEB_AUTH=none (the one mode where the body names the person),
// answers read from each POST, pushes from each person's GET /web/api/stream.
import type { ChatDriver, PersonSpec, SeenMessage } from '../support/chat-driver.js';
import { collectStream, post, startServer, type Collected, type RunningServer } from '../support/server.js';
import type { StoreEnv } from '../support/server-stores.js';

/** How long the stream must stay quiet before the pushes so far count as all there is. */
const QUIET_MS = 120;
const AT_MOST_MS = 1500;

interface WebItem {
  text: string;
  actions?: { id: string; label: string }[];
  ticket?: { code: string; statusLabel?: string; departmentName?: string; priorityLabel?: string; tier?: number; assigneeName?: string };
  form?: { id: string; fields: { id: string }[] };
}

function seen(item: WebItem): SeenMessage {
  const out: SeenMessage = { text: item.text, buttons: item.actions ?? [] };
  const t = item.ticket;
  if (t) {
    // What the person reads of the ticket: its words, not the desk's ids.
    out.ticket = { code: t.code, status: t.statusLabel, department: t.departmentName, priority: t.priorityLabel, tier: t.tier, assignee: t.assigneeName };
  }
  if (item.form) out.form = { id: item.form.id, fields: item.form.fields.map((f) => f.id) };
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A web driver over a fresh server on `store`; one per conversation, so no conversation sees another's tickets. */
export async function startWebDriver(store: StoreEnv, env: Record<string, string> = {}): Promise<ChatDriver> {
  const server: RunningServer = await startServer({
    ...store.env,
    TICKET_INTAKE: 'confirm',
    LIMIT_TICKETS_PER_HOUR: '0',
    LIMIT_MESSAGES_PER_MINUTE: '0',
    ...env,
  });
  const people = new Map<string, PersonSpec>();
  const streams = new Map<string, Collected>();
  const read = new Map<string, number>();

  const user = (key: string) => {
    const p = people.get(key);
    if (!p) throw new Error(`${key} has not been met`);
    return { id: key, name: p.name, locale: p.locale };
  };

  async function send(path: string, body: Record<string, unknown>): Promise<SeenMessage[]> {
    const res = await post(server.base, path, body);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return (res.body.replies as WebItem[]).map(seen);
  }

  return {
    channel: 'web',

    async meet(person) {
      people.set(person.key, person);
      if (person.agent) {
        const handle = await store.open(server.dataDir);
        try {
          const { departments, tier } = person.agent;
          await handle.saveAgent({ platform: 'web', userId: person.key, name: person.name, departments, tier, role: 'agent', locale: person.locale });
        } finally {
          await handle.close();
        }
      }
      streams.set(person.key, await collectStream(server.base, person.key));
      read.set(person.key, 0);
    },

    say: (key, text) => send('/web/api/messages', { user: user(key), text }),

    press: (key, actionId) => send('/web/api/actions', { user: user(key), actionId }),

    // The page posts a filled-in form where a button press goes, with the values instead of an action id.
    submit: (key, formId, values) => send('/web/api/actions', { user: user(key), form: formId, values }),

    async pushes(key) {
      const stream = streams.get(key);
      if (!stream) throw new Error(`${key} has not been met`);
      const started = Date.now();
      let count = stream.items.length;
      let quietSince = Date.now();
      // Pushes travel through the outbox after the answer: wait until they stop coming.
      while (Date.now() - quietSince < QUIET_MS && Date.now() - started < AT_MOST_MS) {
        await sleep(20);
        if (stream.items.length !== count) {
          count = stream.items.length;
          quietSince = Date.now();
        }
      }
      const from = read.get(key) ?? 0;
      read.set(key, stream.items.length);
      return (stream.items.slice(from) as WebItem[]).map(seen);
    },

    async stop() {
      for (const s of streams.values()) s.close();
      await server.stop();
      await store.cleanup();
    },
  };
}
