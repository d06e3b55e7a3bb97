// Signed requests to Bolt's receiver, shaped like Slack's own (fixtures from
// ../shared/fixtures/platforms/slack), with the signature Slack computes.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Copies of the payloads in ../shared/fixtures/platforms/slack, so the suite runs from any checkout.
const fixtures = new URL('../fixtures/platforms/slack/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, any>;

export const SIGNING_SECRET = 'test-signing-secret-0123';

export function sign(secret: string, raw: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${raw}`).digest('hex')}`,
  };
}

export async function postToSlackEndpoint(
  base: string,
  raw: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  headers: Record<string, string> = sign(SIGNING_SECRET, raw),
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: raw });
  return { status: res.status, body: await res.text() };
}

let seq = 0;

/** `files`: Slack file objects shared with the message (it becomes subtype `file_share`, as Slack sends it); `ts`: to send the same message again. */
export function messageEvent(o: { user: string; text: string; channel: string; channelType: 'im' | 'channel'; threadTs?: string; eventId?: string; files?: Record<string, unknown>[]; ts?: string }) {
  const body = fixture('event_callback_message_im.json');
  const ts = o.ts ?? `${1_800_000_000 + ++seq}.000001`;
  body.event = { ...body.event, user: o.user, text: o.text, channel: o.channel, channel_type: o.channelType, ts, event_ts: ts };
  if (o.threadTs) body.event.thread_ts = o.threadTs;
  if (o.files) Object.assign(body.event, { subtype: 'file_share', files: o.files, upload: false, display_as_bot: false });
  body.event_id = o.eventId ?? `Ev${seq}`;
  return JSON.stringify(body);
}

/** `actionId`: the button's own id as the message rendered it (`sportello:<n>`); the first button's when not given. */
/**
 * A press; `on` is the message it was pressed on, as Slack sends it back (a
 * message others can see carries its blocks; an ephemeral one only says so).
 */
export function buttonPress(o: {
  user: string; value: string; responseUrl: string; actionId?: string; label?: string; blockId?: string;
  on?: { channel: string; ts: string; ephemeral?: boolean; message?: { text: string; blocks: unknown[] } };
}) {
  const payload = fixture('block_actions.json');
  payload.user = { ...payload.user, id: o.user };
  payload.trigger_id = `trigger-${++seq}`;
  payload.response_url = o.responseUrl;
  payload.actions = [{
    ...payload.actions[0], action_id: o.actionId ?? 'sportello:0', value: o.value, action_ts: `${1_800_000_000 + seq}.1`,
    ...(o.blockId ? { block_id: o.blockId } : {}), ...(o.label ? { text: { type: 'plain_text', text: o.label, emoji: true } } : {}),
  }];
  if (o.on) {
    payload.container = { type: 'message', message_ts: o.on.ts, channel_id: o.on.channel, is_ephemeral: !!o.on.ephemeral };
    payload.channel = { id: o.on.channel, name: 'directmessage' };
    if (o.on.message) payload.message = { type: 'message', user: 'U0FAKEBOT1', ts: o.on.ts, ...o.on.message };
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A button or select pressed on the App Home: block_actions from a view, so no
 * response_url, no channel and no message (Slack sends `container.type: view`).
 */
export function homeAction(o: { user: string; actionId: string; value?: string; selected?: string }) {
  const payload = fixture('block_actions.json');
  delete payload.response_url;
  delete payload.channel;
  payload.user = { ...payload.user, id: o.user };
  payload.trigger_id = `trigger-${++seq}`;
  payload.container = { type: 'view', view_id: 'V0HOME0001' };
  payload.view = { id: 'V0HOME0001', type: 'home', team_id: payload.team?.id, callback_id: '', hash: `home-${seq}`, blocks: [], state: { values: {} } };
  const action = o.selected !== undefined
    ? { type: 'static_select', action_id: o.actionId, block_id: 'sportello-home-top', selected_option: { text: { type: 'plain_text', text: o.selected }, value: o.selected }, action_ts: `${1_800_000_000 + seq}.1` }
    : { ...payload.actions[0], action_id: o.actionId, value: o.value, action_ts: `${1_800_000_000 + seq}.1` };
  payload.actions = [action];
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The new-ticket modal by default; `callbackId` and `privateMetadata` for another. */
export function viewSubmission(o: { user: string; values: Record<string, Record<string, unknown>>; callbackId?: string; privateMetadata?: string }) {
  const payload = fixture('view_submission.json');
  payload.user = { ...payload.user, id: o.user };
  payload.view = { ...payload.view, id: `V${++seq}`, callback_id: o.callbackId ?? 'sportello_new_ticket', state: { values: o.values } };
  if (o.privateMetadata !== undefined) payload.view.private_metadata = o.privateMetadata;
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** "Create a ticket" on a message: Slack's message_action payload. */
export function messageShortcut(o: { user: string; text: string; channel: string; ts: string; author: string; callbackId?: string }) {
  const payload = {
    type: 'message_action',
    token: 'fake-verification-token',
    action_ts: `${1_800_000_000 + ++seq}.1`,
    team: { id: 'T0FAKETEAM', domain: 'fake-workspace' },
    user: { id: o.user, name: 'fake-user', team_id: 'T0FAKETEAM' },
    channel: { id: o.channel, name: 'general' },
    callback_id: o.callbackId ?? 'sportello_ticket_from_message',
    trigger_id: `trigger-${seq}`,
    message_ts: o.ts,
    message: { type: 'message', user: o.author, text: o.text, ts: o.ts },
    response_url: 'https://hooks.slack.com/app/T0FAKETEAM/1/fake',
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function reactionAdded(o: { user: string; itemUser: string; channel: string; ts: string; reaction?: string }) {
  const body = fixture('event_callback_reaction_added.json');
  body.event = { ...body.event, user: o.user, item_user: o.itemUser, reaction: o.reaction ?? 'ticket', item: { type: 'message', channel: o.channel, ts: o.ts } };
  body.event_id = `EvReact${++seq}`;
  return JSON.stringify(body);
}

export function homeOpened(user: string) {
  const body = fixture('event_callback_message_im.json');
  body.event = { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: `${1_800_000_000 + ++seq}.1` };
  body.event_id = `EvHome${seq}`;
  return JSON.stringify(body);
}

export function slashCommand(o: { user: string; text: string; responseUrl: string }) {
  const body = fixture('slash_command.json');
  return new URLSearchParams({ ...body, command: '/ticket', user_id: o.user, text: o.text, response_url: o.responseUrl, trigger_id: `trigger-${++seq}` }).toString();
}
