// The small-talk fixture, for the classifier's unit test and the web chat suite alike.
import { readFileSync } from 'node:fs';

export interface SmallTalkLine {
  lang: 'it' | 'en';
  text: string;
  /** small-talk | did-you-mean:<verb> | request */
  expect: string;
}

export const SMALL_TALK_LINES: readonly SmallTalkLine[] = (
  JSON.parse(readFileSync(new URL('../fixtures/conversations/small-talk.json', import.meta.url), 'utf8')) as { lines: SmallTalkLine[] }
).lines;
