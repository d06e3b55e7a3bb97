// The one text grammar: every alias to its typed command, the `new` flags,
// `faq` sub-commands, and the helpers adapters use instead of copying it.
import { describe, expect, it } from 'vitest';
import { asksForNewTicketForm, isCommandText, parseCommand } from '../../src/commands/parse-command.js';

const ALIASES: Record<string, string[]> = {
  new: ['new', 'nuovo', 'apri', 'open'],
  status: ['status', 'stato'],
  list: ['list', 'lista', 'elenco'],
  cancel: ['cancel', 'annulla'],
  queue: ['queue', 'coda'],
  claim: ['claim', 'prendi'],
  next: ['next', 'prossimo'],
  unclaim: ['unclaim', 'rilascia'],
  reply: ['reply', 'rispondi'],
  note: ['note', 'nota'],
  priority: ['priority', 'priorita', 'priorità'],
  assign: ['assign', 'assegna'],
  move: ['move', 'sposta', 'transfer'],
  escalate: ['escalate', 'scala'],
  resolve: ['resolve', 'risolvi'],
  help: ['help', 'aiuto', '?'],
};

describe('the command grammar, typed', () => {
  it('reads every English and Italian alias as its verb, whatever the case', () => {
    for (const [verb, words] of Object.entries(ALIASES)) {
      for (const word of words) {
        expect(parseCommand(`ticket ${word} IT-1 x`).verb, word).toBe(verb);
        expect(parseCommand(`/ticket ${word.toUpperCase()} IT-1 x`).verb, word).toBe(verb);
      }
    }
  });

  it('names each argument: a code first, then what follows it', () => {
    expect(parseCommand('ticket status')).toEqual({ verb: 'status' });
    expect(parseCommand('ticket stato it-4')).toEqual({ verb: 'status', code: 'it-4' });
    expect(parseCommand('ticket list everything')).toEqual({ verb: 'list' });
    expect(parseCommand('ticket annulla IT-4 non serve più')).toEqual({ verb: 'cancel', code: 'IT-4', reason: 'non serve più' });
    expect(parseCommand('ticket cancel IT-4')).toEqual({ verb: 'cancel', code: 'IT-4' });
    expect(parseCommand('ticket coda')).toEqual({ verb: 'queue' });
    expect(parseCommand('ticket queue HR')).toEqual({ verb: 'queue', department: 'HR' });
    expect(parseCommand('ticket next')).toEqual({ verb: 'next' });
    expect(parseCommand('ticket rilascia IT-4')).toEqual({ verb: 'unclaim', code: 'IT-4' });
    expect(parseCommand('ticket nota IT-4 richiamare')).toEqual({ verb: 'note', code: 'IT-4', text: 'richiamare' });
    expect(parseCommand('ticket assegna IT-4 @anna')).toEqual({ verb: 'assign', code: 'IT-4', agent: '@anna' });
    expect(parseCommand('ticket transfer IT-4 facilities')).toEqual({ verb: 'move', code: 'IT-4', department: 'facilities' });
    expect(parseCommand('ticket scala IT-4')).toEqual({ verb: 'escalate', code: 'IT-4' });
    expect(parseCommand('ticket escalate IT-4 needs L2')).toEqual({ verb: 'escalate', code: 'IT-4', reason: 'needs L2' });
    expect(parseCommand('ticket risolvi IT-4 riavviato')).toEqual({ verb: 'resolve', code: 'IT-4', resolution: 'riavviato' });
  });

  it('leaves missing or malformed arguments for the desk to refuse, with the command\'s usage', () => {
    // Typed, `resolve` always states a resolution (empty here); only the button leaves it out.
    expect(parseCommand('ticket resolve IT-4')).toEqual({ verb: 'resolve', code: 'IT-4', resolution: '' });
    expect(parseCommand('ticket claim')).toEqual({ verb: 'claim', code: '' });
    expect(parseCommand('ticket priority nine P9')).toEqual({ verb: 'priority', code: 'nine', priority: 'P9' });
    expect(parseCommand('ticket reply IT-4')).toEqual({ verb: 'reply', code: 'IT-4', text: '' });
  });

  it('reads the `new` flags from typed text only, wherever they stand', () => {
    expect(parseCommand('ticket new --no-faq --dept HR --urgency High my laptop is broken')).toEqual({
      verb: 'new', text: 'my laptop is broken', skipFaq: true, department: 'HR', urgency: 'High',
    });
    expect(parseCommand('ticket apri la VPN --urgency low non va')).toEqual({ verb: 'new', text: 'la VPN  non va', urgency: 'low' });
    // A flag without its value is just a word.
    expect(parseCommand('ticket new help with --dept')).toEqual({ verb: 'new', text: 'help with --dept' });
    expect(parseCommand('ticket new --no-faq')).toEqual({ verb: 'new', text: '', skipFaq: true });
  });

  it('reads a page of the queue or of a list: a last number or `--page` / `--pagina`, the department kept apart', () => {
    expect(parseCommand('ticket queue it 2')).toEqual({ verb: 'queue', department: 'it', page: '2' });
    expect(parseCommand('ticket coda 3')).toEqual({ verb: 'queue', page: '3' });
    expect(parseCommand('ticket queue --page 2 hr')).toEqual({ verb: 'queue', department: 'hr', page: '2' });
    expect(parseCommand('ticket coda it --pagina due')).toEqual({ verb: 'queue', department: 'it', page: 'due' });
    expect(parseCommand('ticket list 2')).toEqual({ verb: 'list', page: '2' });
    expect(parseCommand('ticket lista --pagina 4')).toEqual({ verb: 'list', page: '4' });
  });

  it('reads `faq add` and `faq promote`, and answers anything else with their usage', () => {
    expect(parseCommand('ticket faq add How do I print? = Use the portal = A4')).toEqual({ verb: 'faq', sub: 'add', question: 'How do I print?', answer: 'Use the portal = A4' });
    expect(parseCommand('ticket faq aggiungi Come stampo?')).toEqual({ verb: 'faq', sub: 'add', question: 'Come stampo?', answer: '' });
    expect(parseCommand('ticket faq promuovi IT-4')).toEqual({ verb: 'faq', sub: 'promote', code: 'IT-4' });
    expect(parseCommand('ticket faq bozze')).toEqual({ verb: 'faq', sub: 'drafts' });
    expect(parseCommand('ticket faq approva d-it-4')).toEqual({ verb: 'faq', sub: 'approve', id: 'd-it-4' });
    expect(parseCommand('ticket faq edit d-it-4 VPN down? | vpn non va = Renew the certificate = then restart')).toEqual({
      verb: 'faq', sub: 'edit', id: 'd-it-4', questions: 'VPN down? | vpn non va', answer: 'Renew the certificate = then restart',
    });
    expect(parseCommand('ticket faq modifica d-it-4')).toEqual({ verb: 'faq', sub: 'edit', id: 'd-it-4' });
    for (const text of ['ticket faq', 'ticket faq delete IT-4']) {
      expect(() => parseCommand(text)).toThrow(
        expect.objectContaining({ code: 'COMMAND.USAGE', params: { usage: 'faq add <question> = <answer> | faq promote CODE | faq drafts' } }),
      );
    }
  });

  it('knows no verb outside its table, not even one an object has', () => {
    for (const word of ['dance', 'constructor', 'toString', '__proto__']) {
      expect(() => parseCommand(`ticket ${word}`)).toThrow(expect.objectContaining({ code: 'COMMAND.UNKNOWN', params: { command: word.toLowerCase() } }));
    }
  });

  it('takes "help" on its own as a command, and a sentence starting with it as free text', () => {
    for (const text of ['help', 'Aiuto!', '?', ' help? ']) {
      expect(isCommandText(text), text).toBe(true);
      expect(parseCommand(text)).toEqual({ verb: 'help' });
    }
    for (const text of ['help me with the printer', 'aiuto la stampante', 'hello', 'ticketing is slow']) expect(isCommandText(text), text).toBe(false);
  });

  it('tells a platform when `new` asks for its form: any alias, nothing else', () => {
    for (const text of ['new', 'nuovo', 'apri', 'open', ' OPEN ', 'ticket new', '/ticket Nuovo']) expect(asksForNewTicketForm(text), text).toBe(true);
    for (const text of ['new printer broken', 'new --no-faq', 'status', '', 'ticket', 'newer']) expect(asksForNewTicketForm(text), text).toBe(false);
  });
});
