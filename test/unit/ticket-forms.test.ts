import { describe, expect, it } from 'vitest';
import { commandFromForm, deskForm, formErrors, newTicketForm } from '../../src/index.js';
import { escalateForm, moveForm, priorityForm, resolveForm } from '../../src/commands/ticket-forms.js';

const DEPTS = ['it', 'hr', 'finance', 'facilities'];

describe('the desk\'s forms', () => {
  it('offers departments by name in the person\'s language, with the urgencies to choose from', () => {
    const it_ = newTicketForm('it', DEPTS);
    const dept = it_.fields.find((f) => f.id === 'department')!;
    expect(dept).toMatchObject({ kind: 'select', optional: true, label: 'Reparto' });
    expect(dept.options!.map((o) => o.value)).toEqual(DEPTS);
    expect(dept.options!.find((o) => o.value === 'hr')!.label).not.toBe('hr');
    expect(it_.fields.find((f) => f.id === 'urgency')!.options!.map((o) => o.value)).toEqual(['high', 'medium', 'low']);
    expect(newTicketForm('en', DEPTS).title).toBe('New ticket');
    expect(it_.title).toBe('Nuovo ticket');
  });

  it('prefills the title and description from a message', () => {
    const form = newTicketForm('en', DEPTS, 'VPN drops\nsince Monday, every hour');
    expect(form.fields.find((f) => f.id === 'title')!.value).toBe('VPN drops');
    expect(form.fields.find((f) => f.id === 'description')!.value).toBe('since Monday, every hour');
    const long = newTicketForm('en', DEPTS, 'x'.repeat(400));
    expect(long.fields[0]!.value!.length).toBeLessThanOrEqual(150);
    expect(long.fields[1]!.value).toBe('x'.repeat(400));
  });

  it('says what is wrong with a form sent blank or with a choice not offered, then takes it when right', () => {
    const form = newTicketForm('en', DEPTS);
    expect(formErrors('en', form, { title: '   ', department: 'legal' })).toEqual({
      title: 'Title: please fill this in.',
      department: 'Department: please choose one of the list.',
    });
    expect(formErrors('it', moveForm('it', 'IT-4', DEPTS), {})).toEqual({ department: 'Reparto: scegli una voce.' });
    expect(formErrors('en', form, { title: 'Printer', department: 'it', urgency: 'high' })).toEqual({});
    // Own keys only: a field named like Object's own is no value.
    expect(formErrors('en', resolveForm('en', 'IT-4'), JSON.parse('{"__proto__": "x"}'))).toHaveProperty('resolution');
  });

  it('builds each form again from its id, and reads it back as the command it asks for', () => {
    for (const form of [newTicketForm('en', DEPTS), resolveForm('en', 'IT-4'), escalateForm('en', 'IT-4'), moveForm('en', 'IT-4', DEPTS), priorityForm('en', 'IT-4')]) {
      expect(deskForm(form.id, 'en', DEPTS)).toEqual(form);
    }
    expect(deskForm('intake-details:abc', 'en', DEPTS)).toBeNull();
    expect(deskForm('new-ticket:other', 'en', DEPTS)).toBeNull();
    expect(commandFromForm('new-ticket:_', { title: ' Printer ', description: 'jams', department: 'it', urgency: 'low' })).toEqual({
      verb: 'new', text: 'Printer\njams', department: 'it', urgency: 'low',
    });
    expect(commandFromForm('resolve-with:IT-4', { resolution: 'Reset' })).toEqual({ verb: 'resolve', code: 'IT-4', resolution: 'Reset' });
    expect(commandFromForm('escalate-with:IT-4', { reason: 'L2 needed' })).toEqual({ verb: 'escalate', code: 'IT-4', reason: 'L2 needed' });
    expect(commandFromForm('move-to:IT-4', { department: 'hr' })).toEqual({ verb: 'move', code: 'IT-4', department: 'hr' });
    expect(commandFromForm('priority-to:IT-4', { priority: 'P1' })).toEqual({ verb: 'priority', code: 'IT-4', priority: 'P1' });
  });
});
