// The one entry point: Inbound -> HelpDesk -> replies for the sender. Messages
// for anyone else leave through the Notifier port.
import type { HelpDeskDeps, Turn } from './desk.js';
import { isHelpDeskError } from './errors.js';
import type { InboundEvent } from './events.js';
import { t } from './i18n.js';
import { deliveryKey, isFirstDelivery } from './pipeline/dedupe.js';
import { isFromBot } from './pipeline/ignore-self.js';
import { localeFor, resolveRole } from './pipeline/resolve-role.js';
import { route } from './pipeline/route.js';
import { errorReply, type Reply } from './replies.js';

export interface HelpDesk {
  handle(event: InboundEvent): Promise<Reply[]>;
}

export function createHelpDesk(deps: HelpDeskDeps): HelpDesk {
  async function unexpected(turn: Turn, event: InboundEvent, err: unknown): Promise<Reply[]> {
    const ref = deps.newId().slice(0, 8);
    deps.logger.error({ err, ref, platform: event.from.platform, kind: event.kind }, 'unexpected error while handling an event');
    const key = deliveryKey(event);
    if (key) await deps.store.forget(key).catch(() => undefined);
    return [{ text: t(turn.locale, 'error.unexpected', { ref }), ephemeral: true }];
  }

  return {
    async handle(event) {
      if (isFromBot(event)) return [];
      const now = deps.clock.now();
      if (!(await isFirstDelivery(deps.store, event, now))) return [];
      await deps.faq.refresh?.();
      const agent = await resolveRole(deps.store, event.from);
      const locale = localeFor(event.from, agent, deps.settings.defaultLocale);
      const turn: Turn = { deps, from: event.from, agent, locale, channel: event.channel, now };
      try {
        return await route(turn, event);
      } catch (err) {
        if (isHelpDeskError(err)) return [errorReply(locale, err)];
        return unexpected(turn, event, err);
      }
    },
  };
}
