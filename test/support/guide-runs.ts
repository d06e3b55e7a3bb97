// A guided knowledge base and a scripted set of runs through it, marked the way
// the chat flow marks them (store.markGuideStep), for the `faq stats` and
// console tests: 10 runs of the printer guide, 3 leave at step 1, 4 solve at
// step 2, 3 get stuck at step 3.
import type { GuideStatsStore, GuideStepKind } from '../../src/index.js';

/** Step 2's title is markup on purpose: every page must show it as text. */
export const HOSTILE_TITLE = '<img src=x onerror="document.title=1">Cable';

export const GUIDED_KB = {
  faqs: [
    {
      id: 'printer',
      department: 'it',
      questions: ['The printer does not print', 'La stampante non stampa', 'printer not working'],
      answer: { en: 'Restart the printer, check its cable, reinstall its driver.', it: 'Riavvia la stampante, controlla il cavo, reinstalla il driver.' },
      steps: [
        { id: 'restart', title: { en: 'Restart', it: 'Riavvia' }, text: { en: 'Turn the printer off and on again.', it: 'Spegni e riaccendi la stampante.' } },
        {
          id: 'cable',
          title: { en: HOSTILE_TITLE, it: 'Il cavo' },
          text: { en: 'Is the cable plugged in at both ends?', it: 'Il cavo è collegato da entrambe le parti?' },
          ask: { en: 'Is the light on the printer green?', it: 'La spia della stampante è verde?' },
          choices: [
            { label: { en: 'Green', it: 'Verde' }, next: 'driver' },
            { label: { en: 'Orange', it: 'Arancione' }, next: 'ticket' },
          ],
        },
        { id: 'driver', title: { en: 'Reinstall the driver', it: 'Reinstalla il driver' }, text: { en: 'Reinstall the driver from the Software Centre.', it: 'Reinstalla il driver dal Software Center.' } },
      ],
    },
    {
      id: 'vpn',
      department: 'it',
      questions: ['The VPN does not connect'],
      answer: { en: 'Check the Wi-Fi, then update the VPN client.', it: 'Controlla il Wi-Fi, poi aggiorna il client VPN.' },
      steps: [
        { id: 'wifi', text: { en: 'Check that the Wi-Fi works: open any web page.', it: 'Controlla che il Wi-Fi funzioni: apri una pagina web.' } },
        { id: 'client', text: { en: 'Update the VPN client and try again', it: 'Aggiorna il client VPN e riprova.' } },
      ],
    },
    { id: 'hours', department: 'hr', questions: ['When is the HR office open?'], answer: { en: 'From 9 to 17.', it: 'Dalle 9 alle 17.' } },
  ],
};

type Mark = [seq: number, stepId: string, kind: GuideStepKind];

const LEAVE: Mark[] = [[1, 'restart', 'reached']];
const SOLVE: Mark[] = [[1, 'restart', 'reached'], [1, 'restart', 'moved'], [2, 'cable', 'reached'], [2, 'cable', 'solved']];
const STUCK: Mark[] = [[1, 'restart', 'reached'], [1, 'restart', 'moved'], [2, 'cable', 'reached'], [2, 'cable', 'moved'], [3, 'driver', 'reached'], [3, 'driver', 'stuck']];

/** The 10 scripted runs of the printer guide, at `at`; one solving press is sent twice, as a retried button would. */
export async function markScriptedRuns(store: GuideStatsStore, at: number, prefix = 'run'): Promise<void> {
  const runs: Mark[][] = [LEAVE, LEAVE, LEAVE, SOLVE, SOLVE, SOLVE, SOLVE, STUCK, STUCK, STUCK];
  for (const [i, marks] of runs.entries()) {
    for (const [seq, stepId, kind] of marks) await store.markGuideStep({ run: `${prefix}-${i}`, seq, entryId: 'printer', stepId, kind, at: at + i });
  }
  await store.markGuideStep({ run: `${prefix}-3`, seq: 2, entryId: 'printer', stepId: 'cable', kind: 'solved', at: at + 100 });
}

/** What a lead reads per step of the printer guide after the scripted runs: reached, solved here, gave up, ended, left, fails. */
export const SCRIPTED_STEPS = [
  ['1', 'Restart', '10', '0', '0', '0', '3', '30%'],
  ['2', HOSTILE_TITLE, '7', '4', '0', '0', '0', '0%'],
  ['3', 'Reinstall the driver', '3', '0', '3', '0', '0', '100%'],
];
