// The words around files Teams delivers its own way: the file consent card,
// a file that could not reach the person's OneDrive, a file named where it cannot travel.
import type { Locale } from '../events.js';
import { t } from '../i18n.js';
import { sizeWords } from './file-keeper.js';

export interface TeamsFileWords {
  /** What a consent card says of the file: its name, size and ticket. */
  consent(name: string, size: number, code: string): string;
  uploadFailed(name: string, code: string): string;
  fileLine(name: string, size: number): string;
  /** A file Teams cannot carry where it is going (a channel): named, and where to open it. */
  elsewhere(name: string, size: number, code: string): string;
}

export function teamsFileWords(locale: Locale): TeamsFileWords {
  return {
    consent: (name, size, code) => t(locale, 'files.teams.consent', { name, size: sizeWords(size), code }),
    uploadFailed: (name, code) => t(locale, 'files.teams.uploadFailed', { name, code }),
    fileLine: (name, size) => t(locale, 'files.teams.fileLine', { name, size: sizeWords(size) }),
    elsewhere: (name, size, code) => t(locale, 'files.teams.elsewhere', { name, size: sizeWords(size), code }),
  };
}
