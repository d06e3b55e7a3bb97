/** Business events the desk reports for metrics; adapters count them. */
export interface DeskObserver {
  ticketCreated(department: string): void;
  faqDeflected(faqId: string): void;
  /** The desk did something on its own because an SLA rule fell due (a reminder, a breach, a page…). */
  slaAction?(rule: string, department: string, priority: string): void;
}

export const silentObserver: DeskObserver = { ticketCreated() {}, faqDeflected() {} };
