// A reply's form (ReplyForm) as a Slack modal, and back. The form rides in its
// button's value, so whichever process gets the press can open it; the modal
// keeps the form's id in private_metadata for the submission. Pure.
import { z } from 'zod';
import type { ReplyForm } from '../../../src/index.js';

export const FORM_CALLBACK = 'sportello_form';

/** Slack: 24 characters for a modal's title and buttons, 2000 for a label, 150 for a placeholder. */
const TITLE = 24;
const LABEL = 2000;
const PLACEHOLDER = 150;
const VALUE = 2000;

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
        placeholder: z.string().max(500).optional(),
        multiline: z.boolean().optional(),
        optional: z.boolean().optional(),
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

export function formModal(form: ReplyForm) {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: form.id,
    title: plain(form.title || '…', TITLE),
    submit: plain(form.submitLabel || 'OK', TITLE),
    blocks: form.fields.map((f) => ({
      type: 'input',
      block_id: f.id,
      optional: f.optional === true,
      label: plain(f.label, LABEL),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: VALUE,
        ...(f.multiline ? { multiline: true } : {}),
        ...(f.placeholder ? { placeholder: plain(f.placeholder, PLACEHOLDER) } : {}),
      },
    })),
  };
}

type StateValues = Record<string, Record<string, { value?: string | null }>>;

/** The submitted modal's fields by id (block ids are the field ids). */
export function formValues(values: StateValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, inputs] of Object.entries(values)) {
    const v = Object.hasOwn(inputs, 'value') ? inputs.value?.value : undefined;
    if (typeof v === 'string') Object.defineProperty(out, field, { value: v, enumerable: true });
  }
  return out;
}
