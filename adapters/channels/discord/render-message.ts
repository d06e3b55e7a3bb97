// Reply -> Discord message: the text as content, the ticket as an embed, the
// actions as buttons whose custom_id carries the desk's action id. Pure.
import { cardFieldName, type CardField, type Reply } from '../../../src/index.js';
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

export function renderMessage(reply: Reply): DiscordMessage {
  const embeds = [];
  const t = reply.ticket;
  if (t) {
    // Named in the language of the values beside them.
    const name = (field: CardField) => cardFieldName(t.locale ?? 'en', field);
    const fields = [
      { name: name('status'), value: t.statusLabel, inline: true },
      { name: name('priority'), value: t.priorityLabel, inline: true },
      { name: name('queue'), value: `${inertText(t.departmentName)} L${t.tier}`, inline: true },
      ...(t.assigneeName ? [{ name: name('agent'), value: inertText(t.assigneeName), inline: true }] : []),
    ];
    embeds.push({ title: t.code, color: STATUS_COLOURS.get(t.status) ?? 0x6b7280, fields });
  }
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
