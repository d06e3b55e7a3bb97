// Leads hear of a new draft in a DM with its buttons. The message goes out
// through the outbox like every other push: it rides on an event appended to the
// draft's first source ticket (`faq_drafted`, internal), so it is committed
// with that event and delivered by each platform, and the ticket's log is what
// says the leads were told (a run after a crash tells them then, never twice).
import { HelpDeskError, isHelpDeskError } from '../errors.js';
import type { Locale } from '../events.js';
import type { Agent } from '../ports/people-store.js';
import type { Outbound } from '../replies.js';
import { SYSTEM } from '../sla/sla-actions.js';
import { t } from '../i18n.js';
import { commitChange } from '../tickets/commit-change.js';
import type { PersonRef } from '../tickets/ticket.js';
import type { Turn } from '../turn.js';
import { draftNotice } from './draft-words.js';
import type { FaqDraft } from './faq-draft.js';

const ATTEMPTS = 5;

function personOf(a: Agent): PersonRef {
  return a.locale ? { platform: a.platform, userId: a.userId, name: a.name, locale: a.locale } : { platform: a.platform, userId: a.userId, name: a.name };
}

export async function leadsOf(turn: Turn, department: string): Promise<Agent[]> {
  return (await turn.deps.store.listAgents({ department })).filter((a) => a.role === 'lead');
}

async function toldAlready(turn: Turn, code: string, id: string): Promise<boolean> {
  return (await turn.deps.store.events(code)).some((e) => e.kind === 'faq_drafted' && e.data.draft === id);
}

/**
 * Tells the department's leads of the draft unless its first source's log says
 * they were; true when this call told them. `by`: the agent who promoted a ticket.
 */
export async function tellLeads(turn: Turn, draft: FaqDraft, by?: PersonRef): Promise<boolean> {
  const code = draft.sources[0]!;
  const leads = await leadsOf(turn, draft.department);
  const locale = (p: PersonRef): Locale => p.locale ?? turn.deps.settings.defaultLocale;
  const alsoTell: Outbound[] = leads.map(personOf).map((person) => ({ to: { kind: 'person', person }, reply: draftNotice(locale(person), draft, by?.name) }));
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const seen = await turn.deps.store.get(code);
    if (!seen || (await toldAlready(turn, code, draft.id))) return false;
    try {
      await commitChange(
        turn,
        code,
        (ticket) => {
          // Someone wrote to the ticket after its log was read: read it again, they may have told the leads.
          if (ticket.version !== seen.version) throw new HelpDeskError('DRAFT.CHANGED', { id: draft.id });
          // The log line is in the desk's language: it is read by agents of any language later.
          const text = t(turn.deps.settings.defaultLocale, 'drafts.event', { id: draft.id });
          return { next: ticket, event: { at: turn.now, kind: 'faq_drafted', actor: by ?? SYSTEM, channel: turn.channel, text, data: { draft: draft.id } } };
        },
        alsoTell,
      );
      return true;
    } catch (err) {
      if (!isHelpDeskError(err, 'DRAFT.CHANGED') && !isHelpDeskError(err, 'STORE.CONFLICT')) throw err;
    }
  }
  return false;
}
