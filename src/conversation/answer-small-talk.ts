// The desk's side of small talk: a short answer in the person's language, and
// nothing else — no ticket, no FAQ lookup, so no FAQ miss either.
import { help } from '../commands/requester-commands.js';
import type { MessageKey } from '../i18n.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import type { Turn } from '../turn.js';
import type { Classification, SmallTalkTopic } from './small-talk.js';

const ANSWERS: Readonly<Record<Exclude<SmallTalkTopic, 'help'>, MessageKey>> = {
  thanks: 'smalltalk.thanks',
  greeting: 'smalltalk.greeting',
  bye: 'smalltalk.bye',
  ack: 'smalltalk.ack',
  empty: 'smalltalk.empty',
};

export function answerSmallTalk(turn: Turn, said: Extract<Classification, { kind: 'small-talk' }>): Reply[] {
  // A language the person chose wins over the one their few words suggest.
  const locale = turn.from.locale ?? turn.agent?.locale ?? said.language ?? turn.locale;
  if (said.topic === 'help') return help({ ...turn, locale });
  return [reply(t(locale, ANSWERS[said.topic]))];
}

export function answerNearCommand(turn: Turn, said: Extract<Classification, { kind: 'did-you-mean' }>): Reply[] {
  return [{ text: t(turn.locale, 'smalltalk.didYouMean', { command: said.suggestion.slice(0, 200) }), ephemeral: true }];
}
