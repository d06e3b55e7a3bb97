// The /ticket application command: its definition (sub-commands of DESIGN.md's
// grammar, with Italian names and descriptions) and the message command. Pure;
// what comes back from them is read in to-inbound-event.ts.
import { departmentName } from '../../../src/index.js';

const STRING = 3;
const USER = 6;
const SUB_COMMAND = 1;

interface Option {
  type: number;
  name: string;
  description: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
  max_length?: number;
}

const it = (name: string, description: string) => ({ name_localizations: { it: name }, description_localizations: { it: description } });

// Never required: typed inside a ticket's thread the code is that ticket's, and
// Discord wants required options first, so `code` goes after the others.
const code = (): Option => ({
  type: STRING, name: 'code', description: 'Ticket code, e.g. IT-42 (in a ticket thread: that ticket)', ...it('codice', 'Codice del ticket, es. IT-42 (nel thread di un ticket: quel ticket)'),
  required: false, autocomplete: true, max_length: 20,
});
/** The outage a ticket is the same problem as (`/agent link`). */
const parent = (): Option => ({
  type: STRING, name: 'parent', description: 'The ticket it is the same problem as, e.g. IT-88', ...it('principale', 'Il ticket di cui è lo stesso problema, es. IT-88'),
  required: true, autocomplete: true, max_length: 20,
});
const text = (name: string, description: string, itName: string, itDescription: string, required = true): Option => ({
  type: STRING, name, description, ...it(itName, itDescription), required, max_length: 4000,
});

/** Discord takes at most 25 choices for an option. */
export const MAX_CHOICES = 25;

/** The departments by name, in English and Italian, as Discord shows each person in their client's language; the first 25 only (no logger here to warn of the rest). */
function departmentOption(departments: readonly string[], required: boolean): Option {
  const choice = (d: string) => ({ name: departmentName('en', d).slice(0, 100), value: d, name_localizations: { it: departmentName('it', d).slice(0, 100) } });
  return { type: STRING, name: 'department', description: 'Department', ...it('reparto', 'Reparto'), required, choices: departments.slice(0, MAX_CHOICES).map(choice) };
}

const priorityOption: Option = {
  type: STRING, name: 'priority', description: 'P1 (urgent) to P4 (low)', ...it('priorita', 'Da P1 (urgente) a P4 (bassa)'), required: true,
  choices: ['P1', 'P2', 'P3', 'P4'].map((p) => ({ name: p, value: p })),
};

const sub = (name: string, description: string, itName: string, itDescription: string, options: Option[] = []) => ({
  type: SUB_COMMAND, name, description, ...it(itName, itDescription), options,
});

/** /ticket, for everyone: what a requester does (agents use these too). */
export function ticketCommand() {
  return {
    name: 'ticket',
    description: 'Help desk tickets',
    ...it('ticket', 'Ticket dell\'help desk'),
    dm_permission: true,
    options: [
      sub('new', 'Open a ticket (no text: a form)', 'nuovo', 'Apri un ticket (senza testo: un modulo)', [text('text', 'What is wrong', 'testo', 'Che cosa non va', false)]),
      sub('status', 'Where a ticket stands', 'stato', 'A che punto è un ticket', [code()]),
      sub('list', 'Your tickets', 'lista', 'I tuoi ticket'),
      sub('reply', 'Add a message to a ticket', 'rispondi', 'Aggiungi un messaggio a un ticket', [text('text', 'Message', 'testo', 'Messaggio'), code()]),
      sub('cancel', 'Cancel your ticket', 'annulla', 'Annulla il tuo ticket', [code()]),
      sub('help', 'What the bot understands', 'aiuto', 'Che cosa capisce il bot'),
    ],
  };
}

/**
 * /agent, the agents' work, a command of its own so it can be hidden: with
 * `default_member_permissions` "0" only administrators see it until the server
 * allows it for the agents' roles (Server Settings → Integrations). The desk
 * checks who is an agent either way; this only keeps it out of others' menus.
 */
export function agentCommand(departments: readonly string[]) {
  return {
    name: 'agent',
    description: 'Help desk work (agents)',
    ...it('operatore', 'Lavoro dell\'help desk (operatori)'),
    dm_permission: false,
    default_member_permissions: '0',
    options: [
      sub('queue', 'Waiting tickets', 'coda', 'Ticket in attesa', [departmentOption(departments, false)]),
      sub('next', 'Claim the next ticket', 'prossimo', 'Prendi il prossimo ticket'),
      sub('claim', 'Claim a ticket', 'prendi', 'Prendi in carico un ticket', [code()]),
      sub('unclaim', 'Put a ticket back in the queue', 'rilascia', 'Rimetti un ticket in coda', [code()]),
      sub('note', 'Internal note', 'nota', 'Nota interna', [text('text', 'Note', 'testo', 'Nota'), code()]),
      sub('priority', 'Change the priority', 'priorita', 'Cambia la priorità', [priorityOption, code()]),
      sub('assign', 'Give a ticket to an agent', 'assegna', 'Assegna un ticket a un operatore', [
        { type: USER, name: 'agent', description: 'The agent', ...it('operatore', 'L\'operatore'), required: true }, code(),
      ]),
      sub('move', 'Move to another department', 'sposta', 'Sposta in un altro reparto', [departmentOption(departments, true), code()]),
      sub('escalate', 'Escalate to the next level', 'scala', 'Passa al livello successivo', [code(), text('reason', 'Why', 'motivo', 'Perché', false)]),
      sub('resolve', 'Resolve', 'risolvi', 'Risolvi', [code(), text('resolution', 'What fixed it', 'soluzione', 'Che cosa l\'ha risolto', false)]),
      sub('link', 'Same problem as another ticket (an outage)', 'collega', 'Stesso problema di un altro ticket (un disservizio)', [parent(), code()]),
      sub('unlink', 'Undo a link to an outage', 'scollega', 'Scollega da un disservizio', [code()]),
    ],
  };
}

/** The sub-commands of /agent, so whoever builds an interaction knows which command holds one. */
export const AGENT_SUBCOMMANDS: readonly string[] = agentCommand([]).options.map((o) => o.name);

/** The message context menu command ("Apps → Create ticket" on a message): the new-ticket form, prefilled with it. */
export const MESSAGE_COMMAND = 'Create ticket';
const MESSAGE = 3;

export function messageCommand() {
  return { type: MESSAGE, name: MESSAGE_COMMAND, name_localizations: { it: 'Crea ticket' }, dm_permission: true };
}

/** Every command the bot registers: /ticket, /agent and the message command. */
export function applicationCommands(departments: readonly string[]) {
  return [ticketCommand(), agentCommand(departments), messageCommand()];
}

/** The modal of earlier versions (text inputs only), still read when one is submitted across an upgrade. */
export const NEW_TICKET_MODAL = 'sportello_new_ticket';
