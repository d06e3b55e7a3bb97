// A reply's form in each platform's renderer: the limits each platform sets,
// and what comes back read as the form's fields and nothing else.
import { describe, expect, it } from 'vitest';
import { formCustomId, formModal as discordModal, submittedValues } from '../../adapters/channels/discord/form-modal.js';
import { renderMessage } from '../../adapters/channels/discord/render-message.js';
import { deskFormIdFromButton, formFromButton, formModal as slackModal, formValues } from '../../adapters/channels/slack/form-modal.js';
import { FORM_BUTTON, renderReply as slackReply } from '../../adapters/channels/slack/render-reply.js';
import { dialogCard, renderReply as teamsReply } from '../../adapters/channels/teams/render-reply.js';
import { formOf } from '../../adapters/channels/teams/to-inbound-event.js';
import { newTicketForm, type Reply, type ReplyForm } from '../../src/index.js';

const form: ReplyForm = {
  id: 'intake-details:0b6f2b1e-0000-4000-8000-000000000001',
  title: 'Qualche dettaglio in più, per favore',
  openLabel: 'Aggiungi dettagli',
  submitLabel: 'Invia',
  fields: [
    { id: 'affected', label: 'Che cosa è coinvolto?', placeholder: 'es. il mio portatile' },
    { id: 'since', label: 'Da quando?', optional: true, multiline: true },
  ],
};
const question: Reply = { text: 'Dimmi di più.', form, actions: [{ id: 'intake-open:x', label: 'Aprilo così' }] };

describe('Slack', () => {
  it('puts the form in its button, first, and opens a modal within Slack limits', () => {
    const buttons = (slackReply(question).blocks.find((b) => b.type === 'actions') as any).elements;
    expect(buttons.map((b: any) => b.action_id)).toEqual([FORM_BUTTON, 'sportello:0']);
    const back = formFromButton(buttons[0].value);
    expect(back).toEqual(form);
    const modal = slackModal(back!);
    expect(modal.title.text).toHaveLength(24);
    expect(modal.private_metadata).toBe(form.id);
    expect(modal.blocks[1]).toMatchObject({ optional: true, element: { multiline: true } });
  });

  it('leaves out a form too big for a button value; the text still says what to write', () => {
    const big = { ...question, form: { ...form, fields: [{ id: 'a', label: 'x'.repeat(2000) }] } };
    const buttons = (slackReply(big).blocks.find((b) => b.type === 'actions') as any).elements;
    expect(buttons.map((b: any) => b.action_id)).toEqual(['sportello:0']);
  });

  it('reads back only a well-formed form, and only the submitted fields', () => {
    expect(formFromButton('not json')).toBeNull();
    expect(formFromButton(JSON.stringify({ id: 'x', fields: [] }))).toBeNull();
    const values = formValues(JSON.parse('{"affected":{"value":{"value":"il pc"}},"__proto__":{"value":{"value":"x"}},"since":{"value":{"value":null}}}'));
    expect(values.affected).toBe('il pc');
    expect(Object.hasOwn(values, 'since')).toBe(false);
    // A block named __proto__ is at most a field of that name (which no form has), never the object's prototype.
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).affected).toBeUndefined();
  });
});

describe('Teams', () => {
  it('shows the fields as inputs with their own submit, and keeps plain buttons from checking them', () => {
    const card = (teamsReply(question).attachments![0]!.content as any);
    const inputs = card.body.filter((e: any) => e.type === 'Input.Text');
    expect(inputs.map((i: any) => [i.id, i.isRequired ?? false, i.isMultiline ?? false])).toEqual([
      ['sportelloField.affected', true, false],
      ['sportelloField.since', false, true],
    ]);
    expect(card.body.find((e: any) => e.type === 'ActionSet').actions[0]).toMatchObject({ title: 'Invia', data: { sportelloForm: form.id } });
    expect(card.actions[0]).toMatchObject({ associatedInputs: 'none', fallback: { associatedInputs: 'none' } });
  });

  it('reads a submitted form from either kind of button, its fields only', () => {
    const data = { sportelloForm: form.id, 'sportelloField.affected': 'il pc', other: 'x', 'sportelloField.since': 3 };
    expect(formOf({ action: { data } })).toEqual({ formId: form.id, values: { affected: 'il pc' } });
    expect(formOf(data)).toEqual({ formId: form.id, values: { affected: 'il pc' } });
    expect(formOf({ sportello: 'claim:IT-1' })).toBeNull();
    expect(formOf(null)).toBeNull();
  });
});

describe('Discord', () => {
  it('offers a button whose custom_id names the form, and a modal of at most five inputs', () => {
    const buttons = renderMessage(question).components[0]!.components;
    expect(buttons[0]).toMatchObject({ custom_id: `sportello-form:${form.id}`, style: 1, label: 'Aggiungi dettagli' });
    const many = { ...form, fields: Array.from({ length: 7 }, (_, i) => ({ id: `f${i}`, label: 'L'.repeat(60), placeholder: 'p'.repeat(150) })) };
    const modal = discordModal(many);
    expect(modal.components).toHaveLength(5);
    const first = (modal.components[0] as any).components[0];
    expect(first.label).toHaveLength(45);
    expect(first.placeholder).toHaveLength(100);
    expect(first.style).toBe(1);
  });

  it('leaves out the button when the form id is too long for a custom_id', () => {
    expect(formCustomId({ ...form, id: `intake-details:${'x'.repeat(90)}` })).toBeNull();
    const buttons = renderMessage({ ...question, form: { ...form, id: `intake-details:${'x'.repeat(90)}` } }).components[0]!.components;
    expect(buttons.map((b) => b.custom_id)).toEqual(['sportello:intake-open:x']);
  });
});

describe('the desk\'s forms, with selects, on each platform', () => {
  const DEPTS = ['it', 'hr', 'finance', 'facilities'];
  const newTicket = newTicketForm('it', DEPTS, 'Stampante inceppata\nal secondo piano');
  const offer: Reply = { text: 'Compila il modulo.', form: newTicket };

  it('Slack: static selects of the departments by name, text prefilled, within Slack limits; the chosen option read back', () => {
    const button = (slackReply(offer).blocks.find((b) => b.type === 'actions') as any).elements[0];
    const modal = slackModal(formFromButton(button.value)!);
    const dept = modal.blocks.find((b: any) => b.block_id === 'department') as any;
    expect(dept.element).toMatchObject({ type: 'static_select', action_id: 'value', placeholder: { text: 'Scegli un reparto' } });
    expect(dept.element.options).toContainEqual({ text: { type: 'plain_text', text: 'Risorse umane' }, value: 'hr' });
    expect((modal.blocks[0] as any).element.initial_value).toBe('Stampante inceppata');
    expect(formValues({ department: { value: { selected_option: { value: 'hr' } } }, title: { value: { value: 'x' } } } as never)).toEqual({ department: 'hr', title: 'x' });
    // A desk form too big for a button value still gets its button, naming the form for the adapter to build again.
    const many = newTicketForm('en', Array.from({ length: 60 }, (_, i) => `department-${i}`));
    const big = (slackReply({ text: 'x', form: many }).blocks.find((b) => b.type === 'actions') as any).elements[0];
    expect(big.value.length).toBeLessThanOrEqual(2000);
    expect(deskFormIdFromButton(big.value)).toBe('new-ticket:_');
  });

  it('Teams: a desk form opens as a dialog (task/fetch); the dialog has a compact choice set and required inputs', () => {
    const card = teamsReply(offer).attachments![0]!.content as any;
    const opener = card.body.find((e: any) => e.type === 'ActionSet').actions[0];
    expect(opener).toMatchObject({ type: 'Action.Submit', title: 'Apri il modulo', data: { msteams: { type: 'task/fetch' }, sportelloDialog: 'new-ticket:_' } });
    const dialog = dialogCard(newTicket) as any;
    expect(dialog.body.find((e: any) => e.id === 'sportelloField.department')).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', placeholder: 'Scegli un reparto' });
    expect(dialog.body.find((e: any) => e.id === 'sportelloField.title')).toMatchObject({ isRequired: true, value: 'Stampante inceppata' });
    expect(dialog.actions[0]).toMatchObject({ type: 'Action.Submit', data: { sportelloForm: 'new-ticket:_' } });
  });

  it('Discord: selects in labels with at most 25 options, the prefilled option chosen; both kinds of field read back', () => {
    const modal = discordModal({ ...newTicket, fields: newTicket.fields.map((f) => (f.id === 'urgency' ? { ...f, value: 'low' } : f)) });
    const urgency = modal.components.find((c: any) => c.component?.custom_id === 'urgency') as any;
    expect(urgency).toMatchObject({ type: 18, label: 'Urgenza', component: { type: 3, min_values: 0, max_values: 1, required: false } });
    expect(urgency.component.options.find((o: any) => o.value === 'low').default).toBe(true);
    const wide = discordModal(newTicketForm('en', Array.from({ length: 40 }, (_, i) => `d${i}`)));
    expect((wide.components.find((c: any) => c.component?.custom_id === 'department') as any).component.options).toHaveLength(25);
    expect(submittedValues([{ customId: 'title', value: 'x' }, { customId: 'department', values: ['hr'] }, { customId: 'urgency', values: [] }])).toEqual({ title: 'x', department: 'hr' });
  });
});
