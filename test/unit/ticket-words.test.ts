import { describe, expect, it } from 'vitest';
import { departmentName, priorityLabel, spanWords, statusLabel } from '../../src/tickets/ticket-words.js';

const HOUR = 3600_000;

describe('words for people', () => {
  it('names every status in words, never by its id', () => {
    expect(statusLabel('it', 'in_progress')).toBe('in lavorazione');
    expect(statusLabel('en', 'waiting_user')).toBe('waiting for you');
  });

  it('explains a priority with the response the SLA policy promises', () => {
    expect(priorityLabel('it', 'P2')).toBe('P2 – alta, risposta attesa entro 8 h');
    expect(priorityLabel('en', 'P4')).toBe('P4 – low, expected response within 3 days');
    const targets = { P1: 15 * 60_000, P2: HOUR, P3: 4 * HOUR, P4: 36 * HOUR };
    expect(priorityLabel('it', 'P2', targets)).toBe('P2 – alta, risposta attesa entro 1 h');
    expect(priorityLabel('en', 'P1', targets)).toBe('P1 – critical, expected response within 15 min');
    expect(priorityLabel('en', 'P4', targets)).toBe('P4 – low, expected response within 36 h');
  });

  it('says spans as people do', () => {
    expect(spanWords('en', 90 * 60_000)).toBe('1.5 h');
    expect(spanWords('it', 2 * 24 * HOUR)).toBe('2 giorni');
    expect(spanWords('en', 10_000)).toBe('1 min');
  });

  it('writes the default departments in full and shows any other as configured', () => {
    expect(departmentName('it', 'it')).toBe('IT');
    expect(departmentName('it', 'hr')).toBe('Risorse umane');
    expect(departmentName('en', 'hr')).toBe('Human resources');
    expect(departmentName('it', 'finance')).toBe('Amministrazione');
    expect(departmentName('en', 'facilities')).toBe('Facilities');
    expect(departmentName('it', 'servizi-generali')).toBe('servizi-generali');
    expect(departmentName('en', 'legal')).toBe('legal');
    expect(departmentName('en', 'constructor')).toBe('constructor');
  });
});
