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
  choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
  max_length?: number;
}

const it = (name: string, description: string) => ({ name_localizations: { it: name }, description_localizations: { it: description } });

const code = (required = true): Option => ({ type: STRING, name: 'code', description: 'Ticket code, e.g. IT-42', ...it('codice', 'Codice del ticket, es. IT-42'), required, max_length: 20 });
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

/** The JSON Discord's "create application command" takes. */
export function ticketCommand(departments: readonly string[]) {
  const sub = (name: string, description: string, itName: string, itDescription: string, options: Option[] = []) => ({
    type: SUB_COMMAND, name, description, ...it(itName, itDescription), options,
  });
  return {
    name: 'ticket',
    description: 'Help desk tickets',
    ...it('ticket', 'Ticket dell\'help desk'),
    dm_permission: true,
    options: [
      sub('new', 'Open a ticket (no text: a form)', 'nuovo', 'Apri un ticket (senza testo: un modulo)', [text('text', 'What is wrong', 'testo', 'Che cosa non va', false)]),
      sub('status', 'Where a ticket stands', 'stato', 'A che punto è un ticket', [code(false)]),
      sub('list', 'Your tickets', 'lista', 'I tuoi ticket'),
      sub('reply', 'Add a message to a ticket', 'rispondi', 'Aggiungi un messaggio a un ticket', [code(), text('text', 'Message', 'testo', 'Messaggio')]),
      sub('cancel', 'Cancel your ticket', 'annulla', 'Annulla il tuo ticket', [code()]),
      sub('help', 'What the bot understands', 'aiuto', 'Che cosa capisce il bot'),
      sub('queue', 'Waiting tickets (agents)', 'coda', 'Ticket in attesa (operatori)', [departmentOption(departments, false)]),
      sub('next', 'Claim the next ticket (agents)', 'prossimo', 'Prendi il prossimo ticket (operatori)'),
      sub('claim', 'Claim a ticket (agents)', 'prendi', 'Prendi in carico un ticket (operatori)', [code()]),
      sub('unclaim', 'Put a ticket back in the queue (agents)', 'rilascia', 'Rimetti un ticket in coda (operatori)', [code()]),
      sub('note', 'Internal note (agents)', 'nota', 'Nota interna (operatori)', [code(), text('text', 'Note', 'testo', 'Nota')]),
      sub('priority', 'Change the priority (agents)', 'priorita', 'Cambia la priorità (operatori)', [code(), priorityOption]),
      sub('assign', 'Give a ticket to an agent (agents)', 'assegna', 'Assegna un ticket a un operatore (operatori)', [
        code(), { type: USER, name: 'agent', description: 'The agent', ...it('operatore', 'L\'operatore'), required: true },
      ]),
      sub('move', 'Move to another department (agents)', 'sposta', 'Sposta in un altro reparto (operatori)', [code(), departmentOption(departments, true)]),
      sub('escalate', 'Escalate to the next level (agents)', 'scala', 'Passa al livello successivo (operatori)', [code(), text('reason', 'Why', 'motivo', 'Perché', false)]),
      sub('resolve', 'Resolve (agents)', 'risolvi', 'Risolvi (operatori)', [code(), text('resolution', 'What fixed it', 'soluzione', 'Che cosa l\'ha risolto', false)]),
    ],
  };
}

/** The message context menu command ("Apps → Create ticket" on a message): the new-ticket form, prefilled with it. */
export const MESSAGE_COMMAND = 'Create ticket';
const MESSAGE = 3;

export function messageCommand() {
  return { type: MESSAGE, name: MESSAGE_COMMAND, name_localizations: { it: 'Crea ticket' }, dm_permission: true };
}

/** The modal of earlier versions (text inputs only), still read when one is submitted across an upgrade. */
export const NEW_TICKET_MODAL = 'sportello_new_ticket';
