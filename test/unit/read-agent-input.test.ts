// One set of rules for an agent's fields, whether they come from the CLI's flags or the leads' form.
import { describe, expect, it } from 'vitest';
import { parseAgentInput } from '../../app/cli/agent-input.js';
import { readAgentInput } from '../../src/index.js';

const DEPARTMENTS = ['it', 'hr'];

describe('agent input', () => {
  it('reads a form or flags into an agent, departments as a list or a comma-separated string', () => {
    const fromForm = readAgentInput({ platform: 'teams', user: ' 6f1c ', name: 'Marta', departments: ['IT', 'hr', 'it'], tier: '2', role: 'lead', locale: 'it' }, DEPARTMENTS);
    expect(fromForm.agent).toEqual({ platform: 'teams', userId: '6f1c', name: 'Marta', departments: ['it', 'hr'], tier: 2, role: 'lead', locale: 'it' });
    expect(readAgentInput({ platform: 'web', user: 'anna', name: 'Anna', departments: 'it,hr' }, DEPARTMENTS).agent).toEqual({
      platform: 'web', userId: 'anna', name: 'Anna', departments: ['it', 'hr'], tier: 1, role: 'agent',
    });
  });

  it('names every wrong field at once', () => {
    const { agent, problems } = readAgentInput({ platform: 'fax', user: ' ', name: 'x'.repeat(101), departments: 'legal', tier: '4', role: 'boss', locale: 'de' }, DEPARTMENTS);
    expect(agent).toBeNull();
    expect(problems).toEqual([
      { field: 'platform', kind: 'not-allowed' },
      { field: 'user', kind: 'blank' },
      { field: 'name', kind: 'too-long' },
      { field: 'departments', kind: 'unknown-department' },
      { field: 'tier', kind: 'not-allowed' },
      { field: 'role', kind: 'not-allowed' },
      { field: 'locale', kind: 'not-allowed' },
    ]);
    expect(readAgentInput({ platform: 'web', user: 'a', name: 'A', departments: [], tier: '1.5' }, DEPARTMENTS).problems).toEqual([
      { field: 'departments', kind: 'blank' },
      { field: 'tier', kind: 'not-allowed' },
    ]);
  });

  it('words the first problem as a flag for the CLI', () => {
    expect(() => parseAgentInput({ platform: 'web', user: 'a', name: 'A', departments: 'it', tier: '7' }, DEPARTMENTS)).toThrow('--tier must be 1, 2 or 3');
    expect(() => parseAgentInput({ platform: 'web', name: 'A', departments: 'it' }, DEPARTMENTS)).toThrow('--user is required');
    expect(() => parseAgentInput({ platform: 'web', user: 'a', name: 'A', departments: 'legal' }, DEPARTMENTS)).toThrow('--departments must be among: it, hr');
  });
});
