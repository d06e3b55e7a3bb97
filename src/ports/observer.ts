/** Business events the desk reports for metrics; adapters count them. */
export interface DeskObserver {
  ticketCreated(department: string): void;
  faqDeflected(faqId: string): void;
}

export const silentObserver: DeskObserver = { ticketCreated() {}, faqDeflected() {} };
