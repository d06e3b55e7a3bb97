// Reply -> Discord message: the text as content, the ticket as an embed, the
// actions as buttons whose custom_id carries the desk's action id. Pure.
import { cardFieldName, type CardField, type CardPerson, type Reply, type TicketView } from '../../../src/index.js';
import { breakMarkdownLinks } from '../markdown-links.js';
import { formCustomId } from './form-modal.js';

export const BUTTON_PREFIX = 'sportello:';
const CONTENT_LIMIT = 2000;
/** Discord: 5 buttons a row, 100 characters a custom_id, 80 a label. */
const ROW = 5;

const STATUS_COLOURS: ReadonlyMap<string, number> = new Map(Object.entries({ open: 0x3b82f6, in_progress: 0xf59e0b, waiting_user: 0xa855f7, resolved: 0x22c55e, closed: 0x6b7280, cancelled: 0x6b7280 }));

const BUTTON_STYLE: ReadonlyMap<string, number> = new Map(Object.entries({ claim: 1, resolve: 3, confirm: 3, reopen: 4, escalate: 2 }));

export interface DiscordMessage {
  content: string;
  embeds: Record<string, unknown>[];
  components: { type: 1; components: Record<string, unknown>[] }[];
  allowed_mentions: { parse: never[] };
}

/** Nobody gets pinged by text the desk repeats (a requester's "@everyone"): nothing is parsed as a mention. */
export const NO_MENTIONS = { parse: [] as never[] };

/**
 * Discord's syntax in the desk's text made inert, everything still shown as
 * typed: masked links, @everyone / @here, and `<@user>`, `<@&role>`, `<#channel>`,
 * `</command:id>` (a zero-width space after `@` or `<` keeps them from being read).
 */
export function inertText(text: string): string {
  return breakMarkdownLinks(text)
    .replace(/@(everyone|here)\b/g, '@\u200b$1')
    .replace(/<(?=[@#/]|a?:|t:)/g, '<\u200b');
}

/** Discord: an embed's title 256 characters, description 4096, 25 fields, each name 256 and value 1024. */
const EMBED = { title: 256, description: 4096, fields: 25, name: 256, value: 1024 };
const TITLE_SHOWN = 300;

/** A Discord member is mentioned (an embed's mention pings nobody); anyone else is named. */
function who(p: CardPerson): string {
  return p.platform === 'discord' && /^\d{5,25}$/.test(p.id) ? `<@${p.id}>` : inertText(p.name);
}

/** The ticket as an embed: the code and title on top, each value under its name, in the language of the values. */
export function ticketEmbed(t: TicketView): Record<string, unknown> {
  const name = (field: CardField) => cardFieldName(t.locale ?? 'en', field).slice(0, EMBED.name);
  const field = (f: CardField, value: string) => ({ name: name(f), value: value.slice(0, EMBED.value), inline: true });
  const fields = [field('status', t.statusLabel), field('priority', t.priorityLabel), field('queue', `${inertText(t.departmentName)} L${t.tier}`)];
  const agent = t.assigneePerson ? who(t.assigneePerson) : t.assigneeName ? inertText(t.assigneeName) : undefined;
  if (agent) fields.push(field('agent', agent));
  if (t.requester) fields.push(field('requester', who(t.requester)));
  // Discord draws it in the reader's own time zone, as "in 3 hours", and keeps it current.
  const when = t.dueAt !== undefined ? `<t:${Math.floor(t.dueAt / 1000)}:R>` : undefined;
  if (t.slaLead) fields.push(field('sla', t.slaState === 'paused' || !when ? inertText(t.slaLabel ?? t.slaLead) : `${inertText(t.slaLead)} ${when}`));
  else if (when) fields.push(field('due', when));
  if (t.channelName) fields.push(field('channel', inertText(t.channelName)));
  return {
    title: t.code.slice(0, EMBED.title),
    ...(t.title ? { description: inertText(t.title.slice(0, TITLE_SHOWN)).slice(0, EMBED.description) } : {}),
    color: STATUS_COLOURS.get(t.status) ?? 0x6b7280,
    fields: fields.slice(0, EMBED.fields),
  };
}

export function renderMessage(reply: Reply): DiscordMessage {
  const embeds = [];
  if (reply.ticket) embeds.push(ticketEmbed(reply.ticket));
  const formId = reply.form ? formCustomId(reply.form) : null;
  const formButton = reply.form && formId ? [{ type: 2, style: 1, label: reply.form.openLabel.slice(0, 80), custom_id: formId }] : [];
  const buttons = [
    ...formButton,
    ...(reply.actions ?? [])
      .filter((a) => (BUTTON_PREFIX + a.id).length <= 100)
      .map((a) => ({ type: 2, style: BUTTON_STYLE.get(a.id.split(':')[0]!) ?? 2, label: a.label.slice(0, 80), custom_id: BUTTON_PREFIX + a.id })),
  ].slice(0, ROW * 5);
  const components = [];
  for (let i = 0; i < buttons.length; i += ROW) components.push({ type: 1 as const, components: buttons.slice(i, i + ROW) });
  return { content: inertText(reply.text).slice(0, CONTENT_LIMIT), embeds, components, allowed_mentions: NO_MENTIONS };
}

/** A button's custom_id -> the desk action, or null for someone else's button. */
export function actionFromButton(customId: string): string | null {
  return customId.startsWith(BUTTON_PREFIX) && customId.length > BUTTON_PREFIX.length ? customId.slice(BUTTON_PREFIX.length) : null;
}

/** A message's action rows with every button switched off, as Discord shows a choice already made. */
export function disabledRows(rows: readonly unknown[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const json = (typeof (row as { toJSON?: unknown }).toJSON === 'function' ? (row as { toJSON(): unknown }).toJSON() : row) as { type?: number; components?: Record<string, unknown>[] };
    if (json.type !== 1 || !Array.isArray(json.components)) return json as Record<string, unknown>;
    return { ...json, components: json.components.map((c) => (c.type === 2 ? { ...c, disabled: true } : c)) };
  });
}
