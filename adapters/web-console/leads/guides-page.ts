// The guides page: for each guided FAQ entry, how far people got step by step
// and where they gave up, the step that fails most named in words (and marked,
// not only coloured). The same figures as `npx sportello faq stats`.
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { guideStepName, percentText, wordsIn, type GuideFigures, type GuideStatsFigures, type GuideStepFigures, type Locale } from '../../../src/index.js';
import type { Say } from './lead-words.js';
import { FAQ_PATH } from './faq-page.js';

export const GUIDES_PATH = `${FAQ_PATH}/guides`;
/** The windows the filter offers, in days; none: since the first mark. */
export const GUIDE_SINCE_CHOICES = [7, 30, 90, 365] as const;

export interface GuidesView {
  say: Say;
  locale: Locale;
  figures: GuideStatsFigures;
  /** Days asked, or null for every mark. */
  since: number | null;
  minReached: number;
}

const COLUMNS = ['reached', 'solved', 'stuck', 'ended', 'left'] as const;

function stepRow(say: Say, locale: Locale, g: GuideFigures, s: GuideStepFigures): VNode {
  const worst = s === g.worst;
  return html`<tr class=${worst ? 'guides-worst' : undefined}>
    <td data-label=${say('guides.col.n')}>${s.n ?? '–'}</td>
    <th scope="row">${guideStepName(locale, s)}${worst ? html` <strong class="guides-flag">${say('guides.worstFlag')}</strong>` : null}</th>
    ${COLUMNS.map((k) => html`<td data-label=${say(`guides.col.${k}`)} data-figure=${k}>${s[k]}</td>`)}
    <td data-label=${say('guides.col.fails')} data-figure="fails">${percentText(s.failShare)}</td>
  </tr>`;
}

function guideSection(say: Say, locale: Locale, g: GuideFigures, index: number): VNode {
  const headingId = `guide-${index}`;
  const name = wordsIn(g.name, locale);
  const totals: [string, string][] = [
    [say('guides.started'), String(g.started)],
    [say('guides.solved'), `${g.solved} (${percentText(g.deflection)})`],
    [say('guides.tickets'), String(g.tickets)],
    [say('guides.left'), String(g.left)],
  ];
  return html`<section class="guides-guide" aria-labelledby=${headingId} data-entry=${g.entryId}>
    <h2 id=${headingId}>${name}</h2>
    <p class="leads-meta"><code>${g.entryId}</code></p>
    <dl class="guides-totals">${totals.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
    <div class="leads-table-wrap" role="region" aria-labelledby=${`${headingId}-caption`} tabindex="0">
      <table class="leads-table">
        <caption id=${`${headingId}-caption`}>${say('guides.caption', { name })}</caption>
        <thead>
          <tr>
            <th scope="col">${say('guides.col.n')}</th>
            <th scope="col">${say('guides.col.step')}</th>
            ${COLUMNS.map((k) => html`<th scope="col">${say(`guides.col.${k}`)}</th>`)}
            <th scope="col">${say('guides.col.fails')}</th>
          </tr>
        </thead>
        <tbody>${g.steps.map((s) => stepRow(say, locale, g, s))}</tbody>
      </table>
    </div>
    ${g.worst ? html`<p class="guides-worst-line">${say('guides.worstHere', { n: g.worst.n ?? '–', title: guideStepName(locale, g.worst), failed: g.worst.failed, reached: g.worst.reached })}</p>` : null}
  </section>`;
}

export function guidesPage(v: GuidesView): VNode {
  const { say, locale, figures } = v;
  const w = figures.worst;
  return html`<div class="leads">
    <h1>${say('guides.title')}</h1>
    <p class="leads-intro">${say('guides.intro')}</p>
    <form method="get" action=${GUIDES_PATH} class="leads-toolbar">
      <label for="guides-since">${say('guides.since')}</label>
      <select id="guides-since" name="since">
        <option value="" selected=${v.since === null}>${say('guides.since.all')}</option>
        ${GUIDE_SINCE_CHOICES.map((n) => html`<option value=${`${n}d`} selected=${n === v.since}>${say('guides.since.days', { n })}</option>`)}
      </select>
      <button type="submit">${say('guides.show')}</button>
      <a href=${FAQ_PATH}>${say('faq.back')}</a>
    </form>
    ${figures.guides.length === 0
      ? html`<p>${say('guides.none')}</p>`
      : html`<p class="guides-overall" id="guides-worst" role="status">${w
          ? say('guides.worst', { name: wordsIn(w.name, locale), n: w.step.n ?? '–', title: guideStepName(locale, w.step), failed: w.step.failed, reached: w.step.reached })
          : say('guides.worst.none', { min: v.minReached })}</p>
        ${figures.guides.map((g, i) => guideSection(say, locale, g, i))}`}
  </div>`;
}
