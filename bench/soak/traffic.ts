// Mixed traffic at a capped rate: new tickets from web, Slack, Teams and Discord
// people, and agents' replies to platform tickets (which must reach the
// requester on their platform). Each message carries a ledger token. Senders
// retry the way their platform does: Slack resends an event it got no 2xx for
// (same event_id, X-Slack-Retry-Num), the Bot Framework resends the activity,
// a Discord user whose command got no callback in 3 s runs it again.
import { personalMessage, type TeamsPerson } from '../../test/support/teams-activities.js';
import { slashCommand } from '../../test/support/discord-events.js';
import { SIGNING_SECRET, messageEvent, sign } from '../../test/support/slack-requests.js';
import type { Balancer } from './balancer.js';
import { CODE, openedIn, type Channel, type Ledger, type Sent } from './ledger.js';
import { SLACK_PEOPLE, type StandIns } from './stand-ins.js';

export const AGENT = { id: 'soak-agent', name: 'Soak Agent' };

/** What people write, so triage has real text to sort (the token rides at the end). */
const PROBLEMS = [
  'the printer on the second floor prints blank pages',
  'VPN down for everyone in the Milan office',
  'cannot read my mail on the phone since this morning',
  'laptop extremely slow since the last update',
  'my payslip for last month is missing from the portal',
  'the external monitor is not detected by the docking station',
  'the wifi in the east wing drops every few minutes',
  'need access to the shared finance mailbox',
  'the air conditioning in room 3B is very noisy',
  'my expense report was rejected and I do not know why',
];

/** Share of each kind in the mix: new tickets on each channel, and agents' replies. */
const MIX: [Channel, number][] = [['web', 25], ['slack', 20], ['teams', 20], ['discord', 15], ['agent', 20]];
const PLATFORM_RETRY_DELAYS_MS = [1_000, 5_000, 15_000];
const MAX_IN_FLIGHT = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Traffic {
  /** Sends at `rate` per second until `until` (ms since the epoch); resolves when every send has finished. */
  run(rate: number, until: number): Promise<void>;
  /** Codes of platform tickets whose opening answer has reached the requester: what agents reply to. */
  openCodes: string[];
}

export function createTraffic(lb: Balancer, ledger: Ledger, standIns: StandIns, log: (m: string) => void): Traffic {
  const { errors } = ledger;
  const openCodes: string[] = [];
  let seq = 0;
  const problem = () => PROBLEMS[seq++ % PROBLEMS.length]!;

  /** One HTTP exchange through the balancer; counts what went wrong, returns null on a failure. */
  async function exchange(path: string, init: { headers?: Record<string, string>; body: string }): Promise<{ status: number; body: string } | null> {
    const before = lb.refusals;
    try {
      const res = await lb.send(path, init);
      errors.refusedRetried += lb.refusals - before;
      if (res.status >= 500) errors.http5xx++;
      return res;
    } catch {
      errors.refusedRetried += lb.refusals - before;
      errors.resetOrTimeout++;
      return null;
    }
  }

  /** Tries, then retries as the platform does, until a 2xx. */
  async function withPlatformRetries(attempt: (retry: number) => Promise<boolean>): Promise<boolean> {
    if (await attempt(0)) return true;
    for (let r = 0; r < PLATFORM_RETRY_DELAYS_MS.length; r++) {
      await sleep(PLATFORM_RETRY_DELAYS_MS[r]!);
      errors.platformRetries++;
      if (await attempt(r + 1)) return true;
    }
    return false;
  }

  async function web(s: Sent) {
    const user = `soak-web-${seq % 60}`;
    s.webUser = user;
    const res = await exchange('/web/api/messages', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { id: user, name: `Web Person ${seq % 60}` }, text: `ticket new --no-faq ${problem()} ${s.token}` }) });
    if (res?.status !== 200) return;
    s.accepted = true;
    s.answer = res.body;
    s.answeredAt = Date.now();
    s.kept = !CODE.test(res.body);
  }

  async function slack(s: Sent) {
    const user = SLACK_PEOPLE[seq % SLACK_PEOPLE.length]!;
    const body = messageEvent({ user, text: `ticket new --no-faq ${problem()} ${s.token}`, channel: `D${user}`, channelType: 'im', eventId: `Ev${s.token}` });
    s.accepted = await withPlatformRetries(async (retry) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...sign(SIGNING_SECRET, body) };
      if (retry > 0) Object.assign(headers, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_error' });
      return (await exchange('/slack/events', { headers, body }))?.status === 200;
    });
  }

  async function teams(s: Sent) {
    const n = seq % 40;
    const person: TeamsPerson = { aad: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`, name: `Teams Person ${n}`, locale: 'en-US' };
    const body = JSON.stringify(personalMessage(standIns.teams.serviceUrl, person, `ticket new --no-faq ${problem()} ${s.token}`, `soak-${s.token}`));
    s.accepted = await withPlatformRetries(async () => {
      const res = await exchange('/api/messages', { headers: { 'content-type': 'application/json' }, body });
      return !!res && res.status >= 200 && res.status < 300;
    });
  }

  async function discord(s: Sent) {
    const n = seq % 40;
    const member = { id: `2000000000000000${String(n).padStart(2, '0')}`, name: `Discord Person ${n}`, locale: 'en-US' };
    const text = `${problem()} ${s.token}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) errors.platformRetries++;
      const d = slashCommand(member, 'new', { text });
      standIns.discord.dispatch('INTERACTION_CREATE', d);
      const until = Date.now() + 3_000;
      while (Date.now() < until) {
        if (standIns.discord.calls.some((c) => c.path.startsWith(`/interactions/${d.id}/`))) {
          s.accepted = true;
          return;
        }
        await sleep(50);
      }
    }
  }

  async function agent(s: Sent) {
    const code = openCodes[Math.floor(Math.random() * openCodes.length)];
    if (!code) return void ledger.sent.delete(s.token);
    s.code = code;
    const res = await exchange('/web/api/messages', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: AGENT, text: `ticket reply ${code} Please restart and tell me if it helps ${s.token}` }) });
    if (res?.status !== 200) return;
    s.accepted = true;
    s.answer = res.body;
  }

  // Agents reply to tickets whose requester has heard the desk open them.
  let seenArrivals = 0;
  const harvest = () => {
    for (; seenArrivals < standIns.arrivals.length; seenArrivals++) {
      const text = standIns.arrivals[seenArrivals]!.text;
      const code = CODE.exec(text)?.[1];
      if (code && openedIn(code).test(text) && !openCodes.includes(code)) openCodes.push(code);
    }
    if (openCodes.length > 500) openCodes.splice(0, openCodes.length - 500);
  };

  const senders: Record<Channel, (s: Sent) => Promise<void>> = { web, slack, teams, discord, agent };
  const total = MIX.reduce((sum, [, w]) => sum + w, 0);
  const pick = (): Channel => {
    let r = Math.random() * total;
    for (const [c, w] of MIX) if ((r -= w) < 0) return c;
    return 'web';
  };

  return {
    openCodes,
    async run(rate, until) {
      const inFlight = new Set<Promise<void>>();
      const interval = 1000 / rate;
      let nextAt = Date.now();
      let sentCount = 0;
      while (Date.now() < until) {
        harvest();
        if (inFlight.size >= MAX_IN_FLIGHT) errors.shed++;
        else {
          const s = ledger.record({ token: ledger.token(), channel: pick(), sentAt: Date.now(), accepted: false });
          const p = senders[s.channel](s)
            .catch((err: unknown) => log(`send ${s.token} failed: ${String(err)}`))
            .finally(() => {
              if (!s.accepted && ledger.sent.has(s.token)) errors.unacknowledged++;
              inFlight.delete(p);
            });
          inFlight.add(p);
          if (++sentCount % 200 === 0) log(`${sentCount} messages sent, ${inFlight.size} under way`);
        }
        nextAt += interval;
        await sleep(Math.max(0, nextAt - Date.now()));
      }
      await Promise.all(inFlight);
      harvest();
    },
  };
}
