import { describe, expect, it } from 'vitest';
import { emptyViewForm, filtersFromForm, formFromFilters, toggleIn, viewFormErrors } from './view-form.ts';

describe('view form', () => {
  it('stores only what was chosen', () => {
    expect(filtersFromForm({ ...emptyViewForm(), name: 'All' })).toEqual({});
  });

  it('turns every filter into the list query shape, normalising tags and languages', () => {
    const filters = filtersFromForm({
      ...emptyViewForm(),
      name: 'German VIPs',
      statuses: ['open', 'pending'],
      channels: ['email'],
      tiers: ['enterprise'],
      assignee: 'none',
      team: '00000000-0000-4000-8000-000000000009',
      tag: ' Refund ',
      languages: 'DE, at,',
      fieldKey: 'plan',
      fieldValue: ' pro ',
      sort: 'priority_desc',
    });
    expect(filters).toEqual({
      status: ['open', 'pending'],
      channel: ['email'],
      tier: ['enterprise'],
      assignee: 'none',
      team: '00000000-0000-4000-8000-000000000009',
      tag: 'refund',
      language: ['de', 'at'],
      field: 'plan:pro',
      sort: 'priority_desc',
    });
  });

  it('round-trips stored filters through the form', () => {
    const stored = { status: ['open' as const], language: ['de'], field: 'plan:pro:annual', assignee: 'me' };
    const form = formFromFilters('Mine in German', true, stored);
    expect(form).toMatchObject({ name: 'Mine in German', isShared: true, fieldKey: 'plan', fieldValue: 'pro:annual', languages: 'de' });
    expect(filtersFromForm(form)).toEqual(stored);
  });

  it('stores the SLA filter and reads it back', () => {
    expect(filtersFromForm({ ...emptyViewForm(), name: 'Breached', sla: 'breached' })).toEqual({ sla: 'breached' });
    expect(formFromFilters('Due soon', false, { sla: 'warning', sort: 'sla_due_asc' })).toMatchObject({ sla: 'warning', sort: 'sla_due_asc' });
    expect(formFromFilters('All', false, {}).sla).toBe('');
  });

  it('asks for a name, and for a value when a custom field is chosen', () => {
    expect(viewFormErrors(emptyViewForm())).toEqual(['name']);
    expect(viewFormErrors({ ...emptyViewForm(), name: 'x', fieldKey: 'plan' })).toEqual(['fieldValue']);
    expect(viewFormErrors({ ...emptyViewForm(), name: 'x', fieldKey: 'plan', fieldValue: 'pro' })).toEqual([]);
  });

  it('toggles checkbox values', () => {
    expect(toggleIn(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleIn(['a', 'b'], 'a')).toEqual(['b']);
  });
});
