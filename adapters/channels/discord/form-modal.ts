// A reply's form (ReplyForm) as a Discord modal: a text input per text field, a
// labelled string select per select field (Discord's Label component). The
// button that opens it and the modal both carry the form's id in their
// custom_id; the fields themselves are too long to ride there, so the adapter
// remembers the forms it showed. Pure.
import type { FormField, ReplyForm } from '../../../src/index.js';

export const FORM_PREFIX = 'sportello-form:';

/** Discord: 100 characters a custom_id, 45 a modal's title and an input's label, 100 a placeholder, 5 inputs a modal. */
const CUSTOM_ID = 100;
const TITLE = 45;
const PLACEHOLDER = 100;
const INPUTS = 5;
const VALUE = 2000;
/** A string select: 25 options of 100 characters, a placeholder of 150; a label's description 100. */
const OPTIONS = 25;
const OPTION = 100;
const SELECT_PLACEHOLDER = 150;

const LABEL = 18;
const STRING_SELECT = 3;

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

/** A select field: a Label holding a string select of the field's choices, the prefilled one chosen. */
function selectComponent(f: FormField) {
  return {
    type: LABEL,
    label: cut(f.label, TITLE),
    component: {
      type: STRING_SELECT,
      custom_id: f.id,
      required: f.optional !== true,
      min_values: f.optional === true ? 0 : 1,
      max_values: 1,
      options: (f.options ?? []).slice(0, OPTIONS).map((o) => ({ label: cut(o.label || o.value, OPTION), value: o.value.slice(0, OPTION), ...(o.value === f.value ? { default: true } : {}) })),
      ...(f.placeholder ? { placeholder: cut(f.placeholder, SELECT_PLACEHOLDER) } : {}),
    },
  };
}

function textComponent(f: FormField) {
  return {
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
        ...(f.value ? { value: f.value.slice(0, VALUE) } : {}),
      },
    ],
  };
}

// A select with nothing to choose from is refused by Discord: such a field is left out (the desk checks what it needs).
const drawable = (f: FormField) => f.kind !== 'select' || (f.options ?? []).length > 0;

export function formModal(form: ReplyForm) {
  return {
    custom_id: FORM_PREFIX + form.id,
    title: cut(form.title || '…', TITLE),
    components: form.fields.filter(drawable).slice(0, INPUTS).map((f) => (f.kind === 'select' ? selectComponent(f) : textComponent(f))),
  };
}

/** What a submitted modal's fields hold, by field id: a text input's value, a select's first choice. */
export function submittedValues(fields: Iterable<{ customId: string; value?: unknown; values?: unknown }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = typeof f.value === 'string' ? f.value : Array.isArray(f.values) && typeof f.values[0] === 'string' ? f.values[0] : undefined;
    if (v !== undefined) Object.defineProperty(out, f.customId, { value: v, enumerable: true });
  }
  return out;
}
