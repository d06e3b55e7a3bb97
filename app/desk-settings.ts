// The desk's settings from the environment, shared by the server and one-shot commands
// (`sla sweep` must fire the rules the server would).
import type { DeskSettings } from '../src/index.js';
import { ConfigError, type Config } from './config.js';
import { SlaConfigFileError, slaSettingsFrom } from './sla-config.js';

export function deskSettingsFrom(config: Config): DeskSettings {
  const settings: DeskSettings = {
    departments: config.DEPARTMENTS,
    defaultLocale: config.DEFAULT_LOCALE,
    faqAnswerThreshold: config.FAQ_ANSWER_THRESHOLD,
    faqSuggestThreshold: config.FAQ_SUGGEST_THRESHOLD,
    ticketsPerHour: config.LIMIT_TICKETS_PER_HOUR,
    ticketIntake: config.TICKET_INTAKE,
    messagesPerMinute: config.LIMIT_MESSAGES_PER_MINUTE,
    faqLearnPeople: config.FAQ_LEARN_PEOPLE,
  };
  try {
    settings.sla = slaSettingsFrom({ SPORTELLO_CONFIG: config.SPORTELLO_CONFIG }, config.DEPARTMENTS.map((d) => d.id));
  } catch (err) {
    if (err instanceof SlaConfigFileError) throw new ConfigError(err.message);
    throw err;
  }
  settings.reopenClosedMs = config.EMAIL_REOPEN_DAYS * 24 * 60 * 60 * 1000;
  if (config.AUTO_CLOSE_HOURS !== undefined) settings.autoCloseMs = config.AUTO_CLOSE_HOURS * 60 * 60 * 1000;
  return settings;
}
