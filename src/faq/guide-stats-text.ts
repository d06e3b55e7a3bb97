// The learning figures of guided fixes as `faq stats` prints them: a table per
// guide, then the step that fails most across them all.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { percentText } from '../reports/report-text.js';
import { wordsIn } from './guide.js';
import type { GuideFigures, GuideStatsFigures, GuideStepFigures } from './guide-stats.js';

/** A step as a lead names it: its short title, or its id marked removed when the guide no longer has it. */
export function guideStepName(locale: Locale, s: GuideStepFigures): string {
  return s.title ? wordsIn(s.title, locale) : `${s.stepId} ${t(locale, 'guideStats.removed')}`;
}

/** Columns padded to their widest cell; numbers to the right. */
function table(rows: readonly string[][], numeric: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r) => r.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

const COLUMNS = ['#', 'step', 'reached', 'solved', 'stuck', 'ended', 'left', 'fails'] as const;

function guideText(locale: Locale, g: GuideFigures): string[] {
  const header = COLUMNS.map((k) => t(locale, `guideStats.col.${k}`));
  const rows = g.steps.map((s) => [
    s.n === null ? '–' : String(s.n),
    s === g.worst ? `${guideStepName(locale, s)} ${t(locale, 'guideStats.worstMark')}` : guideStepName(locale, s),
    ...[s.reached, s.solved, s.stuck, s.ended, s.left].map(String),
    percentText(s.failShare),
  ]);
  return [
    t(locale, 'guideStats.guide', { name: wordsIn(g.name, locale), id: g.entryId }),
    t(locale, 'guideStats.summary', { started: g.started, solved: g.solved, rate: percentText(g.deflection), tickets: g.tickets, left: g.left }),
    ...table([header, ...rows], [true, false, true, true, true, true, true, true]).map((line) => `  ${line}`),
  ];
}

export function guideStatsText(locale: Locale, figures: GuideStatsFigures, minReached: number): string {
  if (figures.guides.length === 0) return t(locale, 'guideStats.none');
  const blocks = figures.guides.map((g) => guideText(locale, g).join('\n'));
  const w = figures.worst;
  blocks.push(
    w
      ? t(locale, 'guideStats.worst', { id: w.entryId, n: w.step.n ?? '–', title: guideStepName(locale, w.step), failed: w.step.failed, reached: w.step.reached })
      : t(locale, 'guideStats.worst.none', { min: minReached }),
  );
  return blocks.join('\n\n');
}
