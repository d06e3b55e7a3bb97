// What each platform refuses, as its published reference states it, checked on
// the payloads our renderers build: a message past a limit is refused whole
// (Slack `invalid_blocks`, Teams a card that does not render, Discord 400), so a
// long title or a crowded queue must never produce one. Each checker lists the
// problems it finds; none is the only good answer.

type Json = Record<string, any>;

// Block Kit (api.slack.com/reference/block-kit): 50 blocks a message; a section's text 3000
// characters, 10 fields of 2000 each; an actions block 25 elements; a context 10;
// a button's text 75, value 2000, action_id 255; a plain_text/mrkdwn object at least 1.
export const BLOCK_KIT = { blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000, actions: 25, context: 10, buttonText: 75, buttonValue: 2000, actionId: 255, messageText: 40_000 };

export function blockKitProblems(message: { text?: string; blocks?: Json[] }): string[] {
  const p: string[] = [];
  const blocks = message.blocks ?? [];
  if (blocks.length > BLOCK_KIT.blocks) p.push(`${blocks.length} blocks (max ${BLOCK_KIT.blocks})`);
  if ((message.text ?? '').length > BLOCK_KIT.messageText) p.push('message text too long');
  const textObject = (where: string, o: Json | undefined, max: number) => {
    if (!o) return;
    if (o.type !== 'mrkdwn' && o.type !== 'plain_text') p.push(`${where}: text object of type ${o.type}`);
    if (typeof o.text !== 'string' || o.text.length === 0) p.push(`${where}: empty text`);
    else if (o.text.length > max) p.push(`${where}: ${o.text.length} characters (max ${max})`);
  };
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    switch (b.type) {
      case 'section':
        if (!b.text && !b.fields) p.push(`${at}: neither text nor fields`);
        textObject(`${at} text`, b.text, BLOCK_KIT.sectionText);
        if (b.fields) {
          if (b.fields.length > BLOCK_KIT.fields) p.push(`${at}: ${b.fields.length} fields (max ${BLOCK_KIT.fields})`);
          b.fields.forEach((f: Json, j: number) => textObject(`${at} field ${j}`, f, BLOCK_KIT.fieldText));
        }
        break;
      case 'context':
        if (!b.elements?.length || b.elements.length > BLOCK_KIT.context) p.push(`${at}: ${b.elements?.length ?? 0} elements (1 to ${BLOCK_KIT.context})`);
        break;
      case 'actions': {
        const elements: Json[] = b.elements ?? [];
        if (elements.length === 0 || elements.length > BLOCK_KIT.actions) p.push(`${at}: ${elements.length} elements (1 to ${BLOCK_KIT.actions})`);
        const ids = new Set<string>();
        for (const e of elements) {
          if (e.type !== 'button') continue;
          textObject(`${at} button`, e.text, BLOCK_KIT.buttonText);
          if (e.text?.type !== 'plain_text') p.push(`${at}: a button's text must be plain_text`);
          if (typeof e.value === 'string' && e.value.length > BLOCK_KIT.buttonValue) p.push(`${at}: button value of ${e.value.length} characters`);
          if (typeof e.action_id !== 'string' || e.action_id.length > BLOCK_KIT.actionId) p.push(`${at}: bad action_id`);
          else if (ids.has(e.action_id)) p.push(`${at}: action_id ${e.action_id} twice in one block`);
          else ids.add(e.action_id);
        }
        break;
      }
      case 'divider':
        break;
      default:
        p.push(`${at}: a block type the renderers should not make`);
    }
  });
  return p;
}

// Adaptive Cards 1.5 (adaptivecards.io/schemas/adaptive-card.json), the subset our cards use:
// each element and action with the properties its type requires and no type newer than 1.5.
const AC_ELEMENTS = new Set(['TextBlock', 'FactSet', 'ActionSet', 'Input.Text', 'Input.ChoiceSet', 'Input.Toggle', 'Container', 'ColumnSet', 'Image', 'RichTextBlock']);
const AC_ACTIONS = new Set(['Action.Execute', 'Action.Submit', 'Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility']);
const AC_CARD_KEYS = new Set(['type', '$schema', 'version', 'fallbackText', 'body', 'actions', 'msteams', 'refresh', 'speak', 'lang', 'minHeight', 'verticalContentAlignment', 'rtl']);
/** Teams renders at most 6 actions in a card's (or an ActionSet's) row; more are cut off. */
const TEAMS_ACTIONS = 6;
/** Teams refuses a message past about 28 KB (the card included). */
const TEAMS_MESSAGE_BYTES = 28 * 1024;

export function adaptiveCardProblems(card: Json): string[] {
  const p: string[] = [];
  if (card.type !== 'AdaptiveCard') p.push('not an AdaptiveCard');
  if (card.version !== '1.5') p.push(`version ${card.version}`);
  for (const k of Object.keys(card)) if (!AC_CARD_KEYS.has(k)) p.push(`unknown card property ${k}`);
  const ids = new Set<string>();
  const action = (a: Json, at: string) => {
    if (!AC_ACTIONS.has(a.type)) p.push(`${at}: action type ${a.type}`);
    if (typeof a.title !== 'string' || !a.title) p.push(`${at}: an action without a title`);
    if (a.type === 'Action.Execute' && typeof a.verb !== 'string') p.push(`${at}: Action.Execute without a verb`);
    if (a.associatedInputs !== undefined && a.associatedInputs !== 'auto' && a.associatedInputs !== 'none') p.push(`${at}: associatedInputs ${a.associatedInputs}`);
    if (a.fallback !== undefined && a.fallback !== 'drop') action(a.fallback, `${at} fallback`);
  };
  const actions = (list: Json[] | undefined, at: string) => {
    if (!list) return;
    if (list.length > TEAMS_ACTIONS) p.push(`${at}: ${list.length} actions (Teams shows ${TEAMS_ACTIONS})`);
    list.forEach((a, i) => action(a, `${at} action ${i}`));
  };
  const element = (e: Json, at: string) => {
    if (!AC_ELEMENTS.has(e.type)) p.push(`${at}: element type ${e.type}`);
    if (e.id !== undefined) {
      if (ids.has(e.id)) p.push(`${at}: id ${e.id} twice`);
      ids.add(e.id);
    }
    if (e.type === 'TextBlock' && typeof e.text !== 'string') p.push(`${at}: TextBlock without text`);
    if (e.type === 'FactSet') {
      if (!Array.isArray(e.facts) || e.facts.length === 0) p.push(`${at}: FactSet without facts`);
      else for (const f of e.facts) if (typeof f.title !== 'string' || typeof f.value !== 'string') p.push(`${at}: a fact needs a title and a value`);
    }
    if (e.type === 'ActionSet') actions(e.actions, at);
    if (e.type?.startsWith('Input.') && typeof e.id !== 'string') p.push(`${at}: an input without an id`);
    if (e.isRequired && !e.label && !e.errorMessage) p.push(`${at}: a required input says nothing when empty`);
  };
  (card.body ?? []).forEach((e: Json, i: number) => element(e, `body ${i}`));
  actions(card.actions, 'card');
  if (card.refresh) {
    if (card.refresh.action?.type !== 'Action.Execute') p.push('refresh must be an Action.Execute');
    if (card.refresh.userIds && (!Array.isArray(card.refresh.userIds) || card.refresh.userIds.length > 60)) p.push('refresh.userIds: at most 60 ids');
  }
  if (card.msteams !== undefined) {
    if (card.msteams.width !== undefined && card.msteams.width !== 'Full') p.push(`msteams.width ${card.msteams.width}`);
    for (const m of card.msteams.entities ?? []) {
      if (m.type !== 'mention' || !m.mentioned?.id || !m.mentioned?.name) p.push('a mention entity needs type, mentioned.id and mentioned.name');
      else if (!JSON.stringify(card.body).includes(JSON.stringify(m.text).slice(1, -1))) p.push(`mention ${m.text} appears nowhere in the card`);
    }
  }
  if (Buffer.byteLength(JSON.stringify(card)) > TEAMS_MESSAGE_BYTES) p.push('card larger than Teams takes in a message');
  return p;
}

// Discord (discord.com/developers/docs/resources/message, …/interactions/message-components):
// content 2000; 10 embeds; an embed's title 256, description 4096, 25 fields of name 256 and
// value 1024, 6000 characters in all; 5 action rows of 5 buttons; a label 80, a custom_id 100.
export const DISCORD = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, embedTotal: 6000, rows: 5, perRow: 5, label: 80, customId: 100 };

export function discordProblems(message: { content?: string; embeds?: Json[]; components?: Json[] }): string[] {
  const p: string[] = [];
  if ((message.content ?? '').length > DISCORD.content) p.push(`content of ${message.content!.length} characters`);
  const embeds = message.embeds ?? [];
  if (embeds.length > DISCORD.embeds) p.push(`${embeds.length} embeds`);
  embeds.forEach((e, i) => {
    const at = `embed ${i}`;
    if ((e.title ?? '').length > DISCORD.title) p.push(`${at}: title too long`);
    if ((e.description ?? '').length > DISCORD.description) p.push(`${at}: description too long`);
    const fields: Json[] = e.fields ?? [];
    if (fields.length > DISCORD.fields) p.push(`${at}: ${fields.length} fields`);
    let total = (e.title ?? '').length + (e.description ?? '').length;
    for (const f of fields) {
      if (!f.name || f.name.length > DISCORD.fieldName) p.push(`${at}: field name "${String(f.name).slice(0, 20)}" empty or too long`);
      if (!f.value || f.value.length > DISCORD.fieldValue) p.push(`${at}: field value empty or of ${f.value?.length} characters`);
      total += (f.name ?? '').length + (f.value ?? '').length;
    }
    if (total > DISCORD.embedTotal) p.push(`${at}: ${total} characters in all`);
  });
  const rows = message.components ?? [];
  if (rows.length > DISCORD.rows) p.push(`${rows.length} action rows`);
  const ids = new Set<string>();
  rows.forEach((r, i) => {
    if (r.type !== 1) p.push(`row ${i}: not an action row`);
    const buttons: Json[] = r.components ?? [];
    if (buttons.length === 0 || buttons.length > DISCORD.perRow) p.push(`row ${i}: ${buttons.length} buttons`);
    for (const b of buttons) {
      if (b.type !== 2) continue;
      if (!b.label || b.label.length > DISCORD.label) p.push(`row ${i}: label empty or too long`);
      if (!b.custom_id || b.custom_id.length > DISCORD.customId) p.push(`row ${i}: custom_id empty or too long`);
      else if (ids.has(b.custom_id)) p.push(`row ${i}: custom_id ${b.custom_id} twice in one message`);
      else ids.add(b.custom_id);
    }
  });
  return p;
}
