// A reply's form (ReplyForm) as a Discord modal: a text input per field. The
// button that opens it and the modal both carry the form's id in their
// custom_id; the fields themselves are too long to ride there, so the adapter
// remembers the forms it showed. Pure.
import type { ReplyForm } from '../../../src/index.js';

export const FORM_PREFIX = 'sportello-form:';

/** Discord: 100 characters a custom_id, 45 a modal's title and an input's label, 100 a placeholder, 5 inputs a modal. */
const CUSTOM_ID = 100;
const TITLE = 45;
const PLACEHOLDER = 100;
const INPUTS = 5;
const VALUE = 2000;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The custom_id of the form's button and modal; null when the id is too long for one (the text says what to write instead). */
export function formCustomId(form: ReplyForm): string | null {
  const id = FORM_PREFIX + form.id;
  return id.length <= CUSTOM_ID ? id : null;
}

/** The form id in a button's or modal's custom_id, or null for someone else's. */
export function formIdOf(customId: string): string | null {
  return customId.startsWith(FORM_PREFIX) && customId.length > FORM_PREFIX.length ? customId.slice(FORM_PREFIX.length) : null;
}

export function formModal(form: ReplyForm) {
  return {
    custom_id: FORM_PREFIX + form.id,
    title: cut(form.title || '…', TITLE),
    components: form.fields.slice(0, INPUTS).map((f) => ({
      type: 1,
      components: [
        {
          type: 4,
          custom_id: f.id,
          label: cut(f.label, TITLE),
          style: f.multiline ? 2 : 1,
          required: f.optional !== true,
          max_length: VALUE,
          ...(f.placeholder ? { placeholder: cut(f.placeholder, PLACEHOLDER) } : {}),
        },
      ],
    })),
  };
}

/** Said to whoever presses a form's button after a restart made the adapter forget the form. */
export function formForgotten(locale: 'it' | 'en' | undefined): string {
  return locale === 'it'
    ? 'Questo modulo non è più disponibile: scrivimi i dettagli in un messaggio.'
    : 'This form is no longer available: write me the details in a message.';
}
