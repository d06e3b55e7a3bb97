// Guided knowledge bases that must be refused at import, each with the words the
// refusal must say: the entry (index and id), the step, and what is wrong. Built
// from GUIDED_KB's printer guide (entry 0), so each case breaks one thing only.
import { GUIDED_KB } from './guide-runs.js';

type Printer = (typeof GUIDED_KB.faqs)[0] & { steps: Record<string, unknown>[] };

export interface BrokenGuide {
  name: string;
  kb: { faqs: unknown[] };
  kind: string;
  /** What the first problem's message says, whole. */
  message: string;
}

function broken(name: string, kind: string, message: string, change: (printer: Printer) => void): BrokenGuide {
  const kb = structuredClone(GUIDED_KB) as { faqs: unknown[] };
  change(kb.faqs[0] as Printer);
  return { name, kb, kind, message };
}

export const BROKEN_GUIDES: BrokenGuide[] = [
  broken('an unreachable step', 'unreachable-step', 'entry 0 (id "printer"): steps.2 step "driver" cannot be reached from the first step', (p) => {
    (p.steps[1]!.choices as { next: string }[])[0]!.next = 'ticket';
  }),
  broken('a loop', 'step-loop', 'entry 0 (id "printer"): steps.2 goes round in a loop: restart → cable → driver → restart', (p) => {
    p.steps[2]!.next = 'restart';
  }),
  broken('a missing language', 'missing-language', 'entry 0 (id "printer"): steps.2.text.it has no "it" text (the entry\'s answer has one)', (p) => {
    delete (p.steps[2]!.text as Record<string, string>).it;
  }),
  broken('a next to no step', 'unknown-step', 'entry 0 (id "printer"): steps.0.next leads to "toner", which is no step (nor "solved" or "ticket")', (p) => {
    p.steps[0]!.next = 'toner';
  }),
  broken('duplicate step ids', 'duplicate-step', 'entry 0 (id "printer"): steps.2.id step id "restart" is used twice', (p) => {
    p.steps[2]!.id = 'restart';
  }),
  broken('an ask without choices', 'choices', 'entry 0 (id "printer"): steps.1.choices asks a question but has no choices', (p) => {
    delete p.steps[1]!.choices;
  }),
];
