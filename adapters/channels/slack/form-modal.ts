// A reply's form (ReplyForm) as a Slack modal, and back. The form rides in its
// button's value, so whichever process gets the press can open it; the modal
// keeps the form's id in private_metadata for the submission. Pure.
import { z } from 'zod';
import { isDeskFormId, type FormField, type ReplyForm } from '../../../src/index.js';

export const FORM_CALLBACK = 'sportello_form';

/** Slack: 24 characters for a modal's title and buttons, 2000 for a label, 150 for a placeholder; a select's options 100, of 75 characters, values 150. */
const TITLE = 24;
const LABEL = 2000;
const PLACEHOLDER = 150;
const VALUE = 2000;
const OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;

const plain = (text: string, max: number) => ({ type: 'plain_text', text: text.length > max ? `${text.slice(0, max - 1)}…` : text });

const formShape = z.object({
  id: z.string().min(1).max(200),
  title: z.string().max(500),
  openLabel: z.string().max(500),
  submitLabel: z.string().max(500),
  fields: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/),
        label: z.string().max(LABEL),
        kind: z.enum(['text', 'select']).optional(),
        options: z.array(z.object({ value: z.string().min(1).max(OPTION_VALUE), label: z.string().max(500) })).max(OPTIONS).optional(),
        placeholder: z.string().max(500).optional(),
        multiline: z.boolean().optional(),
        optional: z.boolean().optional(),
        value: z.string().max(VALUE).optional(),
      }),
    )
    .min(1)
    .max(10),
});

/** The form a button carries; null for a value that is not one (a button from another build, or garbled). */
export function formFromButton(value: string | undefined): ReplyForm | null {
  try {
    const r = formShape.safeParse(JSON.parse(value ?? ''));
    return r.success ? (r.data as ReplyForm) : null;
  } catch {
    return null;
  }
}

/** The value a form's button carries: the form itself, or for a desk form too big for it, its id (the adapter builds it again). */
export function formButtonValue(form: ReplyForm, limit: number): string | null {
  const whole = JSON.stringify(form);
  if (whole.length <= limit) return whole;
  return isDeskFormId(form.id) ? JSON.stringify({ deskForm: form.id }) : null;
}

/** The id of a desk form a button names instead of carrying it; null otherwise. */
export function deskFormIdFromButton(value: string | undefined): string | null {
  try {
    const v = JSON.parse(value ?? '') as { deskForm?: unknown } | null;
    return v && typeof v.deskForm === 'string' && isDeskFormId(v.deskForm) ? v.deskForm : null;
  } catch {
    return null;
  }
}

function element(f: FormField) {
  if (f.kind === 'select') {
    const options = (f.options ?? []).slice(0, OPTIONS).map((o) => ({ text: plain(o.label || o.value, OPTION_TEXT), value: o.value.slice(0, OPTION_VALUE) }));
    const initial = options.find((o) => o.value === f.value);
    return {
      type: 'static_select',
      action_id: 'value',
      options,
      ...(initial ? { initial_option: initial } : {}),
      ...(f.placeholder ? { placeholder: plain(f.placeholder, PLACEHOLDER) } : {}),
    };
  }
  return {
    type: 'plain_text_input',
    action_id: 'value',
    max_length: VALUE,
    ...(f.multiline ? { multiline: true } : {}),
    ...(f.value ? { initial_value: f.value.slice(0, VALUE) } : {}),
    ...(f.placeholder ? { placeholder: plain(f.placeholder, PLACEHOLDER) } : {}),
  };
}

export function formModal(form: ReplyForm) {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: form.id,
    title: plain(form.title || '…', TITLE),
    submit: plain(form.submitLabel || 'OK', TITLE),
    // A select with nothing to choose from is refused by Slack: such a field is left out (the desk checks what it needs).
    blocks: form.fields.filter((f) => f.kind !== 'select' || (f.options ?? []).length > 0).map((f) => ({
      type: 'input',
      block_id: f.id,
      optional: f.optional === true,
      label: plain(f.label, LABEL),
      element: element(f),
    })),
  };
}

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: unknown } | null }>>;

/** The submitted modal's fields by id (block ids are the field ids): typed text or the chosen option's value. */
export function formValues(values: StateValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, inputs] of Object.entries(values)) {
    const input = Object.hasOwn(inputs, 'value') ? inputs.value : undefined;
    const v = input?.value ?? input?.selected_option?.value;
    if (typeof v === 'string') Object.defineProperty(out, field, { value: v, enumerable: true });
  }
  return out;
}
