// `ticket search <words> [--dept …] …` (`ticket cerca`): closed tickets for
// agents, from the archive in memory. Agents read their departments' tickets,
// leads and admins every department's.
import type { Turn } from '../turn.js';
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import { reply, type Reply } from '../replies.js';
import { requireAgent } from '../tickets/permissions.js';
import { readArchiveFilters, withinReach, type FilterProblem } from '../archive/archive-filter-input.js';
import { archivedLine, oneLine } from '../archive/archive-words.js';
import { readableDepartments } from '../archive/solved-like-this.js';
import type { Locale } from '../events.js';
import type { CommandOf } from './command.js';
import { USAGE } from './usage.js';

const SHOWN = 10;

export function filterProblemText(locale: Locale, problem: FilterProblem): string {
  switch (problem.kind) {
    case 'department':
      return t(locale, 'archive.bad.department', { value: problem.value, known: problem.known.join(', ') });
    case 'priority':
      return t(locale, 'archive.bad.priority', { value: problem.value });
    case 'date':
      return t(locale, 'archive.bad.date', { flag: `--${problem.flag}`, value: problem.value });
    case 'range':
      return t(locale, 'archive.bad.range', { from: problem.from, to: problem.to });
  }
}

export async function searchArchive(turn: Turn, command: CommandOf<'search'>): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'search');
  const { locale } = turn;
  const archive = turn.deps.archive;
  if (!archive) return [{ text: t(locale, 'archive.unavailable'), ephemeral: true }];
  const known = turn.deps.settings.departments.map((d) => d.id);
  const read = readArchiveFilters(command, known);
  if ('problem' in read) return [{ text: `${filterProblemText(locale, read.problem)}\n${t(locale, 'archive.usage', { usage: USAGE.search })}`, ephemeral: true }];
  const filters = withinReach(read.filters, readableDepartments(turn));
  if (!filters) throw new HelpDeskError('AGENT.NOT_IN_DEPARTMENT', { name: agent.name, department: command.department ?? '' });
  if (!command.words && Object.keys(read.filters).length === 0) throw new HelpDeskError('COMMAND.USAGE', { usage: USAGE.search });
  const hits = await archive.search({ text: command.words, limit: SHOWN, filters });
  const still = archive.loaded ? '' : `\n${t(locale, 'archive.loading', { count: archive.index.size })}`;
  const asked = command.words ? oneLine(command.words, 60) : '*';
  if (hits.length === 0) return [reply(t(locale, 'archive.search.none', { words: asked }) + still)];
  const header = t(locale, 'archive.search.header', { words: asked, count: hits.length });
  return [reply([header, ...hits.map((h) => archivedLine(locale, h.ticket))].join('\n') + still)];
}
