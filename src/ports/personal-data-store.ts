// Personal data, store-wide: what is kept about one person, and erasing it while
// the figures reports read stay as they were. Each store implements this by small
// functions per table or collection, listed in one place (personal-data-tables.ts).
import type { PersonFile } from '../privacy/person-files.js';
import type { PersonKey } from '../privacy/scrub-person.js';

export interface PersonalDataExport {
  person: PersonKey;
  exportedAt: number;
  /** Per table (SQLite) or collection (Mongo): the records that concern them, as stored, JSON columns read. */
  records: Record<string, unknown[]>;
  /** Their files (sent by them, or on tickets they asked and may open): what they are; the bytes are read from the file store. */
  files: PersonFile[];
}

/** How many records of each kind an erase or a retention run changed or removed. */
export type PrivacyCounts = Record<string, number>;

export interface PrivacyAuditEntry {
  id: string;
  at: number;
  kind: 'erase' | 'retention';
  /** Who ran it: the OS user of the command line, or the server's retention job. Never the person erased. */
  by: string;
  /** What the person is called now (erase), or null (retention gives each requester their own). */
  pseudonym: string | null;
  counts: PrivacyCounts;
  /** Retention: tickets closed before this instant are done. */
  through?: number;
}

export interface Erasure {
  /** Random, fresh for this erase (src/privacy/pseudonym.ts). */
  pseudonym: string;
  at: number;
  by: string;
  /** Names to look for in others' text besides those the store knows the person by. */
  names?: readonly string[];
}

export interface RetentionRun {
  /** Closed (or cancelled) before this instant: their requester's data goes. */
  before: number;
  at: number;
  by: string;
  newPseudonym: () => string;
}

export interface PersonalDataStore {
  exportPerson(person: PersonKey, at: number): Promise<PersonalDataExport>;
  /** Removes or pseudonymises everything about them, and audits it without it; erasing twice changes nothing more. */
  erasePerson(person: PersonKey, erasure: Erasure): Promise<PrivacyAuditEntry>;
  /** Pseudonymises the requesters of tickets closed before `run.before` (once each), and audits the run. */
  pseudonymiseClosedBefore(run: RetentionRun): Promise<PrivacyAuditEntry>;
  /** Newest first. */
  privacyAudit(limit: number): Promise<PrivacyAuditEntry[]>;
}
