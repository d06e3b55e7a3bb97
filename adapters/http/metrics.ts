// Prometheus metrics: business counters fed by the desk, ticket states read from
// the store at scrape time, and HTTP latency.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeskObserver, TicketStore } from '../../src/index.js';

export interface Metrics {
  registry: Registry;
  observer: DeskObserver;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
}

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
  new Gauge({
    name: 'sportello_tickets',
    help: 'Tickets in the store, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await store.countByStatus();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  const httpDuration = new Histogram({
    name: 'sportello_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    observer: {
      ticketCreated: (department) => created.inc({ department }),
      faqDeflected: () => deflected.inc(),
    },
  };
}
