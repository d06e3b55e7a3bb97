// A guide's trail in words, for the agents' card and the transcript:
// "Tried with the guide “Printer offline”: Restart printer, Orange light? No — stuck at step 3 (Driver)".
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { wordsIn } from './guide.js';
import type { GuideTrail, GuideTrailStep } from './guide-run.js';

function stepWords(locale: Locale, s: GuideTrailStep): string {
  const title = wordsIn(s.title, locale);
  return s.answer ? `${title}: ${wordsIn(s.answer, locale)}` : title;
}

export function guideTriedLine(locale: Locale, guide: GuideTrail): string {
  const last = guide.steps[guide.steps.length - 1];
  // Stuck: the last step shown was not answered, and is named as where it stopped.
  const tried = guide.how === 'stuck' ? guide.steps.slice(0, -1) : guide.steps;
  const how = t(locale, guide.how === 'stuck' ? 'guide.tried.stuck' : 'guide.tried.ended', { n: guide.steps.length, step: last ? wordsIn(last.title, locale) : '' });
  return t(locale, 'guide.tried', { name: wordsIn(guide.name, locale), steps: tried.map((s) => stepWords(locale, s)).join(', ') || '—', how });
}
