// While an outage is open, a new asker whose words read like it is told so first:
// "we know about <parent>: is this your problem?". Yes opens their ticket already
// linked (they hear when it is fixed); No goes on as any request would. The cost
// per message is one score against the few open outages (see open-outages.ts).
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { FaqOffer } from '../ports/state-store.js';
import { reply, viewFor, type Reply } from '../replies.js';
import { isRequester } from '../tickets/permissions.js';
import { selves } from '../people/selves.js';
import { openTicket } from '../tickets/open-ticket.js';
import type { StartRequest } from '../commands/ticket-intake.js';
import { isWorkedOn } from './linked-tickets.js';
import { openOutages } from './open-outages.js';

/** A message must read at least this much like the outage: see test/unit/outage-similarity.test.ts. */
export const BANNER_MIN = 0.3;
/** The offer keeps which outage it is about in the FAQ offer's entry field, marked so no FAQ button can take it. */
const MARK = 'outage:';

export function isOutageOffer(offer: Pick<FaqOffer, 'faqId'>): boolean {
  return offer.faqId.startsWith(MARK);
}

export async function outageBanner(turn: Turn, text: string): Promise<Reply[] | null> {
  const { parents, index } = await openOutages(turn);
  if (!index) return null;
  // The best reading of the message must be an outage (not a FAQ question), and read closely enough.
  const [best] = index.score(text);
  if (!best || best.entry >= parents.length || best.score < BANNER_MIN) return null;
  const parent = parents[best.entry]!;
  if (isRequester(selves(turn), parent)) return null;
  const offer: FaqOffer = { id: turn.deps.newId(), requester: turn.from, text, faqId: `${MARK}${parent.code}`, createdAt: turn.now };
  await turn.deps.store.saveOffer(offer);
  return [
    reply(t(turn.locale, 'outage.banner', { title: parent.title, parent: parent.code }), undefined, [
      { id: `outage-yes:${offer.id}`, label: t(turn.locale, 'outage.yes') },
      { id: `outage-no:${offer.id}`, label: t(turn.locale, 'outage.no') },
    ]),
  ];
}

async function takeOutageOffer(turn: Turn, id: string): Promise<FaqOffer & { parent: string }> {
  const offer = await turn.deps.store.takeOffer(id, turn.from);
  if (!offer || !isOutageOffer(offer)) throw new HelpDeskError('OFFER.GONE');
  return { ...offer, parent: offer.faqId.slice(MARK.length) };
}

/** "Yes, that's it": their ticket, opened linked to the outage; or, when it was fixed meanwhile, what fixed it. */
export async function outageYes(turn: Turn, offerId: string, start: StartRequest): Promise<Reply[]> {
  const offer = await takeOutageOffer(turn, offerId);
  const parent = await turn.deps.store.get(offer.parent);
  if (!parent || !isWorkedOn(parent) || parent.linkedTo) {
    if (parent?.resolution && (parent.status === 'resolved' || parent.status === 'closed')) {
      return [reply(t(turn.locale, 'outage.over', { parent: parent.code, resolution: parent.resolution }))];
    }
    return start(turn, offer.text, true);
  }
  const ticket = await openTicket(turn, offer.text, { faqTried: null, department: parent.department, linkedTo: parent.code });
  return [reply(t(turn.locale, 'outage.joined', { code: ticket.code, parent: parent.code }), viewFor(turn, ticket))];
}

/** "No, something else": the request goes on as if no outage were open. */
export async function outageNo(turn: Turn, offerId: string, start: StartRequest): Promise<Reply[]> {
  const offer = await takeOutageOffer(turn, offerId);
  return start(turn, offer.text);
}
