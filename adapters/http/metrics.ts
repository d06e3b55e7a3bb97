// Prometheus metrics: business counters fed by the desk, ticket states read from
// the store at scrape time, and HTTP latency.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeskObserver, TicketStore } from '../../src/index.js';

export interface Metrics {
  registry: Registry;
  observer: DeskObserver;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** One channel finished one change record: delivered, or failed after its retries. */
  deliveryOutcome(channel: string, outcome: 'delivered' | 'failed'): void;
  /** Reports how many change records wait in memory for delivery. */
  watchOutbox(queued: () => number): void;
  /** Reports the messages kept in the local spool and whether the store takes writes. */
  watchStore(kept: () => number, reachable: () => boolean): void;
}

/** How long /metrics waits for the store's ticket counts. */
const COUNT_WAIT_MS = 1_000;

export function createMetrics(store: Pick<TicketStore, 'countByStatus'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sportello_' });
  const created = new Counter({
    name: 'sportello_tickets_created_total',
    help: 'Tickets opened since start, by department',
    labelNames: ['department'],
    registers: [registry],
  });
  const deflected = new Counter({
    name: 'sportello_faq_deflections_total',
    help: 'Questions the FAQ answered without a ticket being worked',
    registers: [registry],
  });
  // What the SLA sweeper did on its own, counted where it happened (every instance counts its own).
  const slaBreaches = new Counter({ name: 'sportello_sla_breaches_total', help: 'SLA targets found missed, by priority and department', labelNames: ['priority', 'department', 'target'], registers: [registry] });
  const slaReminders = new Counter({ name: 'sportello_sla_reminders_total', help: 'SLA reminders sent (agents at a share of a target, requesters waited on)', labelNames: ['priority', 'department', 'rule'], registers: [registry] });
  const slaPages = new Counter({ name: 'sportello_sla_pages_total', help: 'On-call pages sent for tickets opened outside hours', labelNames: ['priority', 'department'], registers: [registry] });
  const slaClosed = new Counter({ name: 'sportello_sla_auto_closed_total', help: 'Tickets the desk closed itself (resolved and unconfirmed, or waiting and unanswered)', labelNames: ['department', 'rule'], registers: [registry] });
  new Gauge({
    name: 'sportello_tickets',
    help: 'Tickets in the store, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      // A store that is away leaves the last counts standing: the rest of /metrics (the spool, the store's state) is what matters then.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), COUNT_WAIT_MS)));
      const counts = await Promise.race([store.countByStatus().catch(() => null), late]).finally(() => clearTimeout(timer));
      for (const [state, n] of Object.entries(counts ?? {})) this.set({ state }, n);
    },
  });
  const httpDuration = new Histogram({
    name: 'sportello_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'sportello_deliveries_total',
    help: 'Ticket changes delivered to a channel, or failed there after their retries (see the log and the store)',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  let queued = () => 0;
  new Gauge({
    name: 'sportello_outbox_queued',
    help: 'Ticket changes waiting in memory for delivery',
    registers: [registry],
    collect() {
      this.set(queued());
    },
  });
  let kept = () => 0;
  let reachable = () => true;
  new Gauge({
    name: 'sportello_kept_messages',
    help: 'Inbound messages kept in this instance\'s local spool until the store takes writes again',
    registers: [registry],
    collect() {
      this.set(kept());
    },
  });
  new Gauge({
    name: 'sportello_store_reachable',
    help: '1 while the store takes writes, 0 while it is away',
    registers: [registry],
    collect() {
      this.set(reachable() ? 1 : 0);
    },
  });
  return {
    registry,
    httpDuration,
    deliveryOutcome: (channel, outcome) => deliveries.inc({ channel, outcome }),
    watchOutbox(fn) {
      queued = fn;
    },
    watchStore(keptNow, up) {
      kept = keptNow;
      reachable = up;
    },
    observer: {
      ticketCreated: (department) => created.inc({ department }),
      faqDeflected: () => deflected.inc(),
      slaAction: (rule, department, priority) => {
        if (rule.endsWith('.breach')) slaBreaches.inc({ priority, department, target: rule.slice(0, rule.indexOf('.')) });
        else if (rule.endsWith('.remind')) slaReminders.inc({ priority, department, rule });
        else if (rule === 'page') slaPages.inc({ priority, department });
        else slaClosed.inc({ department, rule });
      },
    },
  };
}
