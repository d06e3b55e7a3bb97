// Guided entries for end-to-end tests, on topics the sample KB does not cover
// (so its entries cannot take their questions), and the knowledge-base file a
// server under test starts from: the shipped sample plus these.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaqEntry } from '../../src/index.js';

/** Labels as long as the KB format allows (60 characters), so the platforms' own ceilings are met at the worst. */
export const long = (s: string) => s.padEnd(60, '.');

/** Two things to try, then a question with four answers: solved at step 2 by "Done, it works", or an answer at step 3. */
export const DOCK_GUIDE: FaqEntry = {
  id: 'it-dock-screens',
  department: 'it',
  questions: ['the docking station does not show my external screens', 'la docking station non mostra gli schermi esterni'],
  answer: { it: 'Ricollega il cavo della docking station e scegli come usare gli schermi.', en: 'Plug the dock cable back in and choose how the screens are used.' },
  steps: [
    { id: 'replug', title: { it: 'Ricollega', en: 'Replug' }, text: { it: 'Stacca il cavo USB-C della docking station e ricollegalo.', en: 'Unplug the dock\'s USB-C cable and plug it back in.' } },
    { id: 'extend', title: { it: 'Estendi', en: 'Extend' }, text: { it: 'Premi Windows+P e scegli "Estendi".', en: 'Press Windows+P and choose "Extend".' } },
    {
      id: 'which',
      title: { it: 'Quali schermi', en: 'Which screens' },
      text: { it: 'Guarda gli schermi esterni.', en: 'Look at the external screens.' },
      ask: { it: 'Cosa vedi?', en: 'What do you see?' },
      choices: [
        { label: { it: long('Entrambi neri, spia della docking spenta'), en: long('Both black, the dock light is off') }, next: 'ticket' },
        { label: { it: long('Uno funziona, l\'altro no'), en: long('One works, the other does not') }, next: 'solved' },
        { label: { it: long('Immagine duplicata'), en: long('The same picture on both') }, next: 'solved' },
        { label: { it: long('Scritta "nessun segnale"'), en: long('A "no signal" message') }, next: 'ticket' },
      ],
    },
  ],
};

/** The shipped knowledge base plus `extra`, written into `dir` for FAQ_FILE. */
export function knowledgeBaseWith(dir: string, extra: readonly FaqEntry[]): string {
  const kb = JSON.parse(readFileSync('kb/sample-kb.json', 'utf8')) as { faqs: unknown[] };
  kb.faqs.push(...extra);
  const file = join(dir, 'kb.json');
  writeFileSync(file, JSON.stringify(kb));
  return file;
}
