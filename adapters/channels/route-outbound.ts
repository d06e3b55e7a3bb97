// The Notifier the desk talks to: a person's message goes to the adapter of their
// platform; a team message goes to every adapter, each reaching its own agents.
import type { Logger, Notifier, Outbound, TicketChange } from '../../src/index.js';
import type { ChannelAdapter } from './channel-adapter.js';

export function createOutboundRouter(adapters: readonly ChannelAdapter[], logger: Logger): Notifier {
  const byName = new Map(adapters.map((a) => [a.name, a]));
  return {
    async deliver(outbound: Outbound) {
      if (outbound.to.kind === 'team') {
        await Promise.all(adapters.map((a) => a.deliver(outbound)));
        return;
      }
      const adapter = byName.get(outbound.to.person.platform);
      if (!adapter) {
        logger.warn({ platform: outbound.to.person.platform, user: outbound.to.person.userId }, 'no adapter for this platform; message not delivered');
        return;
      }
      await adapter.deliver(outbound);
    },
    async ticketChanged(change: TicketChange) {
      await Promise.all(adapters.map((a) => a.ticketChanged?.(change)));
    },
  };
}
