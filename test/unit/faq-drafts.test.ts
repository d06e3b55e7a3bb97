// Recurring problems as FAQ drafts, before any store: how solved tickets are
// grouped, what a draft keeps of their wording, and what it leaves out.
import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/faq-drafts/build-draft.js';
import { clusterTickets } from '../../src/faq-drafts/cluster-tickets.js';
import { scrubPersonal } from '../../src/faq-drafts/scrub-personal.js';
import type { PersonRef, Ticket } from '../../src/index.js';
import { sampleKb } from '../support/desk.js';

/** The desk's own words (the sample FAQ's questions), for how rare a word is. */
const background = sampleKb.flatMap((e) => e.questions);
const options = { minSize: 5, similarity: 0.2, background };

let seq = 0;
const person = (name: string, locale?: 'it' | 'en'): PersonRef => ({ platform: 'web', userId: name.toLowerCase().replace(/\W/g, ''), name, ...(locale ? { locale } : {}) });
const luca = person('Luca Ferri', 'it');

function solved(description: string, resolution: string, over: Partial<Ticket> = {}): Ticket {
  seq++;
  const department = over.department ?? 'it';
  return {
    code: `${department.toUpperCase().slice(0, 3)}-${seq}`,
    seq,
    department,
    tier: 1,
    status: 'closed',
    priority: 'P3',
    title: description.split('\n')[0]!,
    description,
    requester: person(`Requester ${seq}`),
    assignee: luca,
    resolvedBy: luca,
    resolution,
    faqTried: null,
    channel: 'web',
    createdAt: 1_800_000_000_000 + seq,
    updatedAt: 1_800_000_000_000 + seq,
    closedAt: 1_800_000_000_000 + seq,
    dueAt: 1_800_000_100_000,
    version: 5,
    ...over,
  };
}

// The same VPN problem, told by five people in their own words (one in English, typos and all),
// fixed by agents who each wrote it up their own way.
const vpn = () => [
  solved('Ciao, la VPN non si collega da stamattina, mi dà errore di autenticazione', 'Il certificato VPN era scaduto: rinnovato dal portale, ora si collega', { requester: person('Giulia Neri', 'it') }),
  solved('non riesco a connettermi alla vpn da casa, dice credenziali non valide', 'certificato vpn scaduto, rinnovato dal portale self-service'),
  solved('VPN KO: errore autenticazione quando provo a collegarmi in smart working. Sono Paolo, mi chiamate al 333 123 4567?', 'Rinnovato il certificato della VPN (era scaduto ieri)', { requester: person('Paolo Verdi', 'it') }),
  solved('buongiorno, la vpn mi butta fuori e poi non si riconnette piu, errore di autenticazone', 'certificato VPN scaduto. Rinnovo fatto, riavviato il client'),
  solved("I can't log into the VPN from home, it says authentication failed", 'Your VPN certificate had expired; renewed it from the self-service portal', { requester: person('Jane Doe', 'en') }),
];

const noise = () => [
  solved('The printer on the 3rd floor is jammed again', 'Cleared the paper jam in tray 2'),
  solved('stampante al secondo piano inceppata', 'tolto il foglio inceppato dal cassetto'),
  solved('Outlook keeps asking for my password every 5 minutes', 'Removed the cached credentials in Credential Manager'),
  solved('Need a new monitor for my desk, the old one flickers', 'Ordered a 24" monitor, arrives Thursday'),
  solved('il badge non apre più la porta del garage', 'badge riattivato in portineria', { department: 'facilities' }),
  solved('Quando arriva il cedolino di novembre?', 'Il cedolino è sul portale HR dal 27', { department: 'hr' }),
];

const itemsOf = (tickets: Ticket[]) => tickets.map((t) => ({ key: t.code, department: t.department, text: `${t.description}\n${t.resolution}` }));

describe('grouping solved tickets by problem', () => {
  it('finds the five VPN tickets among unrelated ones, whatever language or typos they were written in', async () => {
    const tickets = [...noise().slice(0, 2), ...vpn(), ...noise().slice(2)];
    const clusters = await clusterTickets(itemsOf(tickets), options);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.department).toBe('it');
    expect(clusters[0]!.members.map((i) => tickets[i]!.code).sort()).toEqual(tickets.slice(2, 7).map((t) => t.code).sort());
    // How representative each one is: the English ticket, told in other words, least of all.
    const { members, centrality } = clusters[0]!;
    const english = members.indexOf(tickets.findIndex((t) => t.description.startsWith("I can't")));
    expect(centrality[english]).toBe(Math.min(...centrality));
  });

  it('does not take a ticket about the next problem along into the group', async () => {
    const near = solved('la VPN è lenta quando scarico file grandi dal NAS', 'Limitata la banda del client VPN per i backup');
    const tickets = [...vpn(), near, ...noise()];
    const [cluster] = await clusterTickets(itemsOf(tickets), options);
    expect(cluster!.members.map((i) => tickets[i]!.code)).not.toContain(near.code);
  });

  it('reports nothing when fewer tickets than the minimum tell of one problem', async () => {
    const tickets = [...vpn().slice(0, 4), ...noise()];
    expect(await clusterTickets(itemsOf(tickets), options)).toEqual([]);
  });

  it('keeps departments apart: the same words in HR and IT are two problems', async () => {
    const six = () => [...vpn(), solved('vpn bloccata: autenticazione fallita ogni volta che mi collego', 'rinnovato certificato VPN scaduto')];
    const hr = six().map((t) => ({ ...t, department: 'hr' }));
    const clusters = await clusterTickets(itemsOf([...six(), ...hr]), options);
    expect(clusters.map((c) => c.department).sort()).toEqual(['hr', 'it']);
    for (const c of clusters) expect(c.members.length).toBeGreaterThanOrEqual(5);
  });
});

describe('personal details out of an FAQ', () => {
  it('takes out e-mail addresses, phone numbers, known names, self-introductions, greetings and thanks', () => {
    expect(scrubPersonal('Ciao Luca, sono Marta Gialli: la VPN non va. Scrivimi a marta.gialli@acme.it o chiama +39 02 1234 5678. Grazie mille!', ['Luca Ferri']))
      .toBe('la VPN non va. Scrivimi a o chiama');
    expect(scrubPersonal("Hi, I'm Bob. Outlook crashes on start (call me on (555) 123-4567), thanks", [])).toBe('Outlook crashes on start');
    expect(scrubPersonal('Buongiorno, non compare la penna usb in Esplora risorse. Sono Paolo, interno 4471', [])).toBe('non compare la penna usb in Esplora risorse.');
    expect(scrubPersonal('USB bloccata "dai criteri aziendali" (scrivetemi a sara.galli@example.com)', [])).toBe('USB bloccata "dai criteri aziendali"');
    // Numbers that are not anyone's: an address, a time.
    expect(scrubPersonal('Il server 10.0.0.12 risponde lento dalle 9', [])).toBe('Il server 10.0.0.12 risponde lento dalle 9');
  });
});

describe('a draft from a group of solved tickets', () => {
  it("keeps each asker's wording once, without names or numbers, and answers with the most representative resolution in the group's language", () => {
    const tickets = [
      ...vpn(),
      // Two people who wrote nearly the same thing: one question for both.
      solved('La VPN non si collega... errore di autenticazione!', 'certificato VPN scaduto, rinnovato'),
      solved('la vpn non si collega, errore di autenticazione', 'rinnovato il certificato VPN'),
    ];
    const draft = buildDraft(tickets.map((ticket, k) => ({ ticket, centrality: k === 1 ? 3 : 1 })), 1_800_000_500_000, 'en')!;
    const first = tickets[0]!.code.toLowerCase();
    expect(draft).toMatchObject({ id: `d-${first}`, department: 'it', locale: 'it', status: 'pending', version: 1, entryId: `it-${first}`, createdAt: 1_800_000_500_000 });
    expect(draft.sources).toEqual(tickets.map((t) => t.code));
    // The most representative ticket (the second) gives the answer, in Italian only.
    expect(draft.answer).toEqual({ it: 'certificato vpn scaduto, rinnovato dal portale self-service' });
    expect(draft.questions[0]).toBe('non riesco a connettermi alla vpn da casa, dice credenziali non valide');
    const all = draft.questions.join('\n');
    expect(all).not.toMatch(/Paolo|Giulia|Luca|333|4567|Ciao|buongiorno/);
    expect(all).toContain('VPN KO: errore autenticazione quando provo a collegarmi in smart working.');
    expect(all).toContain("I can't log into the VPN from home, it says authentication failed");
    expect(draft.questions).toHaveLength(6);
  });

  it('is in English when most askers wrote in English', () => {
    const tickets = [
      solved('Teams meetings have no audio since the update', 'Reset the Teams cache and reinstalled the audio driver'),
      solved('no sound in teams calls after yesterday update', 'cleared teams cache, reinstalled audio driver'),
      solved('Teams: non sento niente nelle call', 'svuotata la cache di Teams'),
    ];
    const draft = buildDraft(tickets.map((ticket) => ({ ticket, centrality: 1 })), 1, 'it')!;
    expect(draft.locale).toBe('en');
    expect(Object.keys(draft.answer)).toEqual(['en']);
  });

  it('is not made when nothing is left of the wording once personal details are out', () => {
    const ticket = solved('mario.rossi@acme.it', 'Reset the password', { requester: person('Mario Rossi') });
    expect(buildDraft([{ ticket, centrality: 0 }], 1, 'en')).toBeNull();
  });
});

describe("the leads' message about a new draft", () => {
  it('carries Approve, Edit and Dismiss on every platform, each read back as the decision on the version shown', async () => {
    const { draftNotice } = await import('../../src/faq-drafts/draft-words.js');
    const { commandFromAction } = await import('../../src/index.js');
    const { renderReply: slack } = await import('../../adapters/channels/slack/render-reply.js');
    const { renderReply: teams } = await import('../../adapters/channels/teams/render-reply.js');
    const { renderMessage: discord } = await import('../../adapters/channels/discord/render-message.js');
    const draft = buildDraft(vpn().map((ticket) => ({ ticket, centrality: 1 })), 1, 'it')!;
    const notice = draftNotice('en', { ...draft, version: 3 });
    const ids = [`draft-ok:${draft.id}_3`, `draft-edit:${draft.id}_3`, `draft-no:${draft.id}_3`];
    expect(notice.actions!.map((a) => [a.id, a.label])).toEqual([[ids[0], 'Approve'], [ids[1], 'Edit'], [ids[2], 'Dismiss']]);
    for (const rendered of [slack(notice), teams(notice), discord(notice)]) {
      const json = JSON.stringify(rendered);
      for (const id of ids) expect(json).toContain(id);
    }
    expect(ids.map((id) => commandFromAction(id))).toEqual([
      { verb: 'faq', sub: 'approve', id: draft.id, version: 3 },
      { verb: 'faq', sub: 'edit', id: draft.id, version: 3 },
      { verb: 'faq', sub: 'dismiss', id: draft.id, version: 3 },
    ]);
    // A forged or mangled press is no decision.
    expect(commandFromAction('draft-ok:IT-12_3')).toBeNull();
    expect(commandFromAction(`draft-ok:${draft.id}`)).toBeNull();
  });
});
