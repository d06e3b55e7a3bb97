// The desk's own forms: a new ticket, and what an agent adds to resolve,
// escalate, move or re-prioritise one. Each platform draws them natively (a
// modal, a dialog, an input card, a web form); the choices are the desk's
// departments, urgencies and priorities, named in the person's language.
// A form's id says which form it is (`resolve-with:IT-42`), so whoever gets it
// back can build it again to check what was filled in: `deskForm`, `formErrors`.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import type { FormField, FormOption, ReplyForm } from '../replies.js';
import { PRIORITIES, type Priority } from '../tickets/ticket.js';
import { departmentName } from '../tickets/ticket-words.js';

export const NEW_TICKET_FORM = 'new-ticket:_';
const URGENCIES = ['high', 'medium', 'low'] as const;
/** Slack's and Discord's short text inputs hold this much; a longer first line goes to the description. */
const TITLE_MAX = 150;
/** What a form field may hold; longer is refused with a clear message rather than cut. */
export const FORM_VALUE_MAX = 2000;

const FORM_ID = /^(new-ticket|resolve-with|escalate-with|move-to|priority-to):([A-Za-z0-9_-]{1,64})$/;

/** Whether a form id names one of these forms, which anyone can build again (in whatever language) from it alone. */
export function isDeskFormId(formId: string): boolean {
  return FORM_ID.test(formId) && (!formId.startsWith('new-ticket:') || formId === NEW_TICKET_FORM);
}

function departmentOptions(locale: Locale, departments: readonly string[]): FormOption[] {
  return departments.map((id) => ({ value: id, label: departmentName(locale, id) }));
}

/** The title and description a message prefills: its first line (when short enough) and the rest. */
function split(text: string): { title: string; description: string } {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split('\n');
  if (first.trim().length <= TITLE_MAX) return { title: first.trim(), description: rest.join('\n').trim() };
  return { title: `${first.slice(0, TITLE_MAX - 1).trimEnd()}…`, description: trimmed };
}

/** `prefill`: a message the ticket is made from ("create a ticket from this message"). */
export function newTicketForm(locale: Locale, departments: readonly string[], prefill?: string): ReplyForm {
  const given = prefill ? split(prefill) : { title: '', description: '' };
  const title: FormField = { id: 'title', label: t(locale, 'forms22.field.title'), placeholder: t(locale, 'forms22.field.titleHint') };
  const description: FormField = { id: 'description', label: t(locale, 'forms22.field.description'), multiline: true, optional: true };
  if (given.title) title.value = given.title;
  if (given.description) description.value = given.description.slice(0, FORM_VALUE_MAX);
  return {
    id: NEW_TICKET_FORM,
    title: t(locale, 'forms22.new.title'),
    openLabel: t(locale, 'forms22.new.open'),
    submitLabel: t(locale, 'forms22.new.submit'),
    fields: [
      title,
      description,
      {
        id: 'department', kind: 'select', optional: true,
        label: t(locale, 'forms22.field.department'), placeholder: t(locale, 'forms22.field.departmentHint'),
        options: departmentOptions(locale, departments),
      },
      {
        id: 'urgency', kind: 'select', optional: true,
        label: t(locale, 'forms22.field.urgency'), placeholder: t(locale, 'forms22.field.urgencyHint'),
        options: URGENCIES.map((u) => ({ value: u, label: t(locale, `intake.urgency.${u}`) })),
      },
    ],
  };
}

export function resolveForm(locale: Locale, code: string): ReplyForm {
  return {
    id: `resolve-with:${code}`,
    title: t(locale, 'forms22.resolve.title', { code }),
    openLabel: t(locale, 'forms22.resolve.open'),
    submitLabel: t(locale, 'forms22.resolve.submit'),
    fields: [{ id: 'resolution', label: t(locale, 'forms22.field.resolution'), placeholder: t(locale, 'forms22.field.resolutionHint'), multiline: true }],
  };
}

export function escalateForm(locale: Locale, code: string): ReplyForm {
  return {
    id: `escalate-with:${code}`,
    title: t(locale, 'forms22.escalate.title', { code }),
    openLabel: t(locale, 'forms22.escalate.open'),
    submitLabel: t(locale, 'forms22.escalate.submit'),
    fields: [{ id: 'reason', label: t(locale, 'forms22.field.reason'), placeholder: t(locale, 'forms22.field.reasonHint'), multiline: true }],
  };
}

export function moveForm(locale: Locale, code: string, departments: readonly string[]): ReplyForm {
  return {
    id: `move-to:${code}`,
    title: t(locale, 'forms22.move.title', { code }),
    openLabel: t(locale, 'forms22.move.open'),
    submitLabel: t(locale, 'forms22.move.submit'),
    fields: [{ id: 'department', kind: 'select', label: t(locale, 'forms22.field.department'), placeholder: t(locale, 'forms22.field.departmentHint'), options: departmentOptions(locale, departments) }],
  };
}

export function priorityForm(locale: Locale, code: string): ReplyForm {
  const option = (p: Priority): FormOption => ({ value: p, label: `${p} – ${t(locale, `words.priority.${p}`)}` });
  return {
    id: `priority-to:${code}`,
    title: t(locale, 'forms22.priority.title', { code }),
    openLabel: t(locale, 'forms22.priority.open'),
    submitLabel: t(locale, 'forms22.priority.submit'),
    fields: [{ id: 'priority', kind: 'select', label: t(locale, 'forms22.field.priority'), placeholder: t(locale, 'forms22.field.priorityHint'), options: PRIORITIES.map(option) }],
  };
}

/** One of the forms above, built again from its id (without what was prefilled); null for any other id. */
export function deskForm(formId: string, locale: Locale, departments: readonly string[]): ReplyForm | null {
  const match = FORM_ID.exec(formId);
  if (!match) return null;
  const arg = match[2]!;
  switch (match[1]) {
    case 'new-ticket':
      return formId === NEW_TICKET_FORM ? newTicketForm(locale, departments) : null;
    case 'resolve-with':
      return resolveForm(locale, arg);
    case 'escalate-with':
      return escalateForm(locale, arg);
    case 'move-to':
      return moveForm(locale, arg, departments);
    case 'priority-to':
      return priorityForm(locale, arg);
    default:
      return null;
  }
}

/**
 * What is wrong with a filled-in form, by field id, in the person's words; empty
 * when nothing is. A required field left blank (spaces count as blank), a choice
 * that is not one of the field's, a value too long to keep.
 */
export function formErrors(locale: Locale, form: ReplyForm, values: Readonly<Record<string, unknown>>): Record<string, string> {
  const errors: Record<string, string> = {};
  const put = (field: string, message: string) => Object.defineProperty(errors, field, { value: message, enumerable: true });
  for (const f of form.fields) {
    const raw = Object.hasOwn(values, f.id) ? values[f.id] : undefined;
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (!value) {
      if (!f.optional) put(f.id, t(locale, f.kind === 'select' ? 'forms22.error.choose' : 'forms22.error.required', { field: f.label }));
    } else if (f.kind === 'select' && !(f.options ?? []).some((o) => o.value === value)) {
      put(f.id, t(locale, 'forms22.error.notAChoice', { field: f.label }));
    } else if (value.length > FORM_VALUE_MAX) {
      put(f.id, t(locale, 'forms22.error.tooLong', { field: f.label, max: FORM_VALUE_MAX }));
    }
  }
  return errors;
}

/** A form's errors in one sentence, for a platform that cannot show them under each field. */
export function formErrorSummary(locale: Locale, errors: Readonly<Record<string, string>>): string {
  return t(locale, 'forms22.error.summary', { errors: Object.values(errors).join(' ') });
}

/** Said to whoever presses a form's button after the form was forgotten (a restart). */
export function formGone(locale: Locale): string {
  return t(locale, 'forms22.error.gone');
}

/** Told to whoever put the ticket reaction on someone's message: the ticket it opened for them, or why none. */
export function reactionOutcome(locale: Locale, author: string, code: string | null, reason: string | null): string {
  // `reason` is the desk's answer to the author: null when someone else reacted, who is told only that nothing was opened.
  if (!code && reason === null) return t(locale, 'forms22.reaction.notOpenedFor', { name: author });
  return code ? t(locale, 'forms22.reaction.opened', { code, name: author }) : t(locale, 'forms22.reaction.notOpened', { reason: reason ?? '' });
}
