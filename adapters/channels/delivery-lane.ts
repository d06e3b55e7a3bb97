// One channel's deliveries: a ticket's change records one after another (a card
// must be posted before it is edited, a person's messages arrive in order), a few
// tickets at once, and none started while the platform's own requests still wait
// for their acks.
import type { ChangeRecord } from '../../src/index.js';
import type { ChannelAdapter } from './channel-adapter.js';

export interface DeliveryLane {
  push(record: ChangeRecord): void;
  /** Records queued or being delivered. */
  size(): number;
  idle(): Promise<void>;
}

export function createDeliveryLane(channel: ChannelAdapter, concurrency: number, deliver: (record: ChangeRecord) => Promise<void>): DeliveryLane {
  const waiting = new Map<string, ChangeRecord[]>();
  const ready: string[] = [];
  let running = 0;
  let size = 0;
  let idleWaiters: (() => void)[] = [];
  let retry: NodeJS.Timeout | null = null;

  async function drain(code: string) {
    const list = waiting.get(code)!;
    while (list.length > 0) {
      await deliver(list[0]!);
      list.shift();
      size--;
    }
    waiting.delete(code);
  }

  function pump(): void {
    if (ready.length > 0 && channel.busy?.()) {
      // Acks first: platforms want them within seconds, and deliveries can wait a moment.
      retry ??= setTimeout(() => {
        retry = null;
        pump();
      }, 1);
      return;
    }
    while (running < concurrency && ready.length > 0) {
      const code = ready.shift()!;
      running++;
      void drain(code).finally(() => {
        running--;
        if (running === 0 && size === 0) {
          for (const w of idleWaiters) w();
          idleWaiters = [];
        }
        pump();
      });
    }
  }

  return {
    size: () => size,
    push(record: ChangeRecord) {
      const code = record.ticket.code;
      const list = waiting.get(code);
      size++;
      if (list) list.push(record);
      else {
        waiting.set(code, [record]);
        ready.push(code);
        pump();
      }
    },
    idle: () => (size === 0 && running === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
  };
}
