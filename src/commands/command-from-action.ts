// Button action ids: `verb:argument`. The desk makes them for the buttons it
// offers (`claim:IT-42`, `faq-yes:<offer>`, `faq-pick:<offer>_1`, `follow-to:IT-42`) and reads
// them back here, once for every platform: adapters pass the id through this
// and hand the desk the Command. A list's Next button names the page it opens
// (`queue:p2`, `queue:p2_it` for one department, `list:p2`).
import { HelpDeskError } from '../errors.js';
import { parseCode } from '../tickets/codes.js';
import type { Command, Verb } from './command.js';
import { NEW_TICKET_FORM } from './ticket-forms.js';

const ACTION_ID = /^([a-z-]{1,20}):([A-Za-z0-9_-]{1,64})$/;
const PICK = /^(.+)_(\d{1,3})$/;
const PAGE = /^p(\d{1,4})(?:_(.+))?$/;
/** An FAQ draft's buttons (draft-words.ts): the draft and the version the lead was shown. */
const DRAFT_ARG = /^(d-[a-z0-9-]{1,60})_(\d{1,6})$/;
const DRAFT_VERBS: Readonly<Record<string, 'approve' | 'edit' | 'dismiss'>> = { 'draft-ok': 'approve', 'draft-edit': 'edit', 'draft-no': 'dismiss' };

type TicketButton = Extract<Verb, 'claim' | 'unclaim' | 'escalate' | 'resolve' | 'confirm' | 'reopen' | 'selfsolve'>;
const TICKET_BUTTONS: ReadonlySet<string> = new Set<TicketButton>(['claim', 'unclaim', 'escalate', 'resolve', 'confirm', 'reopen', 'selfsolve']);
const isTicketButton = (verb: string): verb is TicketButton => TICKET_BUTTONS.has(verb);

type GuideButton = Extract<Verb, 'guide-done' | 'guide-next' | 'guide-stuck' | 'guide-resume' | 'guide-restart' | 'guide-else'>;
const GUIDE_BUTTONS: ReadonlySet<string> = new Set<GuideButton>(['guide-done', 'guide-next', 'guide-stuck', 'guide-resume', 'guide-restart', 'guide-else']);
const isGuideButton = (verb: string): verb is GuideButton => GUIDE_BUTTONS.has(verb);

/** The command, or the error that explains why the id cannot be one (stale or forged buttons). */
function read(actionId: string): Command | HelpDeskError {
  const match = ACTION_ID.exec(actionId);
  const verb = match?.[1] ?? '';
  const arg = match?.[2] ?? '';
  if (isTicketButton(verb)) {
    const code = parseCode(arg);
    if (!code) return new HelpDeskError('TICKET.BAD_CODE', { input: arg });
    // Escalate and Resolve from a button carry no reason or resolution: the desk asks for one in a form.
    return verb === 'escalate' ? { verb, code, askReason: true } : { verb, code };
  }
  if (verb === 'queue' || verb === 'list') {
    const page = PAGE.exec(arg);
    if (!page) return new HelpDeskError('COMMAND.UNKNOWN', { command: actionId.slice(0, 40) });
    if (verb === 'list') return { verb, page: page[1]! };
    return page[2] ? { verb, page: page[1]!, department: page[2] } : { verb, page: page[1]! };
  }
  if (verb === 'faq-yes' || verb === 'faq-no') return { verb, offer: arg };
  if (verb === 'faq-pick') {
    const pick = PICK.exec(arg);
    // A pick that names no choice cannot be answered: the offer is as good as gone.
    return pick ? { verb, offer: pick[1]!, choice: Number(pick[2]) } : new HelpDeskError('OFFER.GONE');
  }
  if (verb === 'follow-to') {
    const code = parseCode(arg);
    return code ? { verb, code } : new HelpDeskError('TICKET.BAD_CODE', { input: arg });
  }
  if (verb === 'follow-new') return { verb };
  if (Object.hasOwn(DRAFT_VERBS, verb)) {
    const draft = DRAFT_ARG.exec(arg);
    if (!draft) return new HelpDeskError('DRAFT.NOT_FOUND', { id: arg });
    return { verb: 'faq', sub: DRAFT_VERBS[verb]!, id: draft[1]!, version: Number(draft[2]) };
  }
  if (verb === 'intake-open' || verb === 'intake-dept' || verb === 'intake-urgency' || verb === 'intake-cancel') return { verb, offer: arg };
  if (verb === 'rate' || verb === 'link') return outageOrRating(verb, arg);
  if (verb === 'outage-yes' || verb === 'outage-no') return { verb, offer: arg };
  if (isGuideButton(verb)) return { verb, offer: arg };
  if (verb === 'intake-to' || verb === 'intake-as' || verb === 'guide-pick') {
    const pick = PICK.exec(arg);
    return pick ? { verb, offer: pick[1]!, choice: Number(pick[2]) } : new HelpDeskError('OFFER.GONE');
  }
  return new HelpDeskError('COMMAND.UNKNOWN', { command: actionId.slice(0, 40) });
}

/** `rate:IT-42_5` (a score of 1 to 5) and `link:IT-45_IT-42` (the "same problem" button: IT-45 tied to IT-42). */
function outageOrRating(verb: 'rate' | 'link', arg: string): Command | HelpDeskError {
  const [first = '', second = '', ...rest] = arg.split('_');
  const code = parseCode(first);
  if (!code || rest.length > 0) return new HelpDeskError('TICKET.BAD_CODE', { input: first || arg });
  if (verb === 'link') {
    const parent = parseCode(second);
    return parent ? { verb, code, parent } : new HelpDeskError('TICKET.BAD_CODE', { input: second });
  }
  const score = /^[1-5]$/.test(second) ? Number(second) : null;
  return score === null ? new HelpDeskError('COMMAND.UNKNOWN', { command: `rate:${arg}`.slice(0, 40) }) : { verb, code, score };
}

/** The command a button asks for; null for an id the desk did not make (send it as an `action` event: the desk says what is wrong). */
export function commandFromAction(actionId: string): Command | null {
  const result = read(actionId);
  return result instanceof HelpDeskError ? null : result;
}

const FIELD_MAX = 2000;

/**
 * A filled-in form (ReplyForm) as the command it asks for; null for a form the
 * desk did not make. Values are the fields by id, as the platform sent them.
 */
export function commandFromForm(formId: string, values: Readonly<Record<string, unknown>>): Command | null {
  const match = ACTION_ID.exec(formId);
  const value = (field: string) => {
    const v = Object.hasOwn(values, field) ? values[field] : undefined;
    return typeof v === 'string' ? v.trim().slice(0, FIELD_MAX) : '';
  };
  if (!match) return null;
  const [, verb, arg] = match as unknown as [string, string, string];
  if (verb === 'intake-details') return { verb: 'intake-details', offer: arg, affected: value('affected'), since: value('since') };
  if (formId === NEW_TICKET_FORM) {
    const title = value('title');
    const description = value('description');
    const command: Command = { verb: 'new', text: description ? `${title}\n${description}` : title };
    if (value('department')) command.department = value('department');
    if (value('urgency')) command.urgency = value('urgency');
    return command;
  }
  // The code is checked where the command runs, as a typed one's is.
  if (verb === 'resolve-with') return { verb: 'resolve', code: arg, resolution: value('resolution') };
  if (verb === 'escalate-with') return { verb: 'escalate', code: arg, reason: value('reason') };
  if (verb === 'move-to') return { verb: 'move', code: arg, department: value('department') };
  if (verb === 'priority-to') return { verb: 'priority', code: arg, priority: value('priority') };
  return null;
}

/** Like commandFromAction, but throws the coded error the person should read. */
export function requireActionCommand(actionId: string): Command {
  const command = read(actionId);
  if (command instanceof HelpDeskError) throw command;
  return command;
}
