// `ticket stats`: the report in the chat, for leads and admins.
import { HelpDeskError } from '../errors.js';
import { t } from '../i18n.js';
import type { PeopleStore } from '../ports/people-store.js';
import { reply, type Reply } from '../replies.js';
import { personKey } from '../reports/report-cells.js';
import { reportText } from '../reports/report-text.js';
import { buildReport, readReportWindow } from '../reports/report-window.js';
import { departmentName } from '../tickets/ticket-words.js';
import { requireAgent } from '../tickets/permissions.js';
import type { Turn } from '../turn.js';
import type { CommandOf } from './command.js';

/** People's names for the agents a report lists ("web:a1" -> "Anna"); a key nobody knows stays as it is. */
export async function agentNames(store: PeopleStore): Promise<(key: string) => string> {
  const names = new Map((await store.listAgents()).map((a) => [personKey(a), a.name || a.userId]));
  return (key) => names.get(key) ?? key;
}

export async function statsCommand(turn: Turn, command: CommandOf<'stats'>): Promise<Reply[]> {
  const agent = requireAgent(turn.agent, 'stats');
  if (agent.role === 'agent') return [reply(t(turn.locale, 'report.leadsOnly'))];
  const known = turn.deps.settings.departments.map((d) => d.id);
  const department = command.department?.toLowerCase();
  if (department !== undefined && !known.includes(department)) throw new HelpDeskError('DEPARTMENT.UNKNOWN', { department, known: known.join(', ') });
  const window = readReportWindow(command, turn.now);
  if (!window.ok) return [reply(t(turn.locale, `report.bad.${window.problem}`))];
  const figures = await buildReport(turn.deps.store, { fromDay: window.fromDay, toDay: window.toDay, ...(department ? { department } : {}) });
  const agentName = await agentNames(turn.deps.store);
  return [reply(reportText(turn.locale, figures, { department: (id) => departmentName(turn.locale, id), agent: agentName }))];
}
