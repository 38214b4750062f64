import { describe, expect, it } from 'vitest';
import type { PlaybookDto } from '@rapport/contracts/playbooks';
import { bodyFromPlaybookForm, emptyPlaybookForm, formFromPlaybook, moveStep, playbookFormErrors, toggleStep } from './playbook-form.ts';

const playbook: PlaybookDto = {
  id: '00000000-0000-4000-8000-000000000001',
  key: 'refund_request',
  name: 'Refund request',
  description: 'Money back',
  steps: [
    { title: 'Find the order', detail: 'Look it up.' },
    { title: 'Say yes when you can', detail: '' },
  ],
  suggestedMacro: { id: '00000000-0000-4000-8000-000000000002', name: 'Refund' },
  allowedActions: ['refund'],
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('playbook form', () => {
  it('round-trips a playbook into a body', () => {
    expect(bodyFromPlaybookForm(formFromPlaybook(playbook))).toEqual({
      name: 'Refund request',
      description: 'Money back',
      steps: playbook.steps,
      suggestedMacroId: playbook.suggestedMacro?.id,
      allowedActions: ['refund'],
      enabled: true,
    });
  });

  it('asks for a name and at least one titled step; drops blank steps', () => {
    expect(playbookFormErrors(emptyPlaybookForm())).toEqual(['name', 'steps']);
    const form = { ...emptyPlaybookForm(), name: 'Custom', steps: [{ title: ' Listen ', detail: '' }, { title: '', detail: '' }, { title: '', detail: 'orphan' }] };
    expect(playbookFormErrors(form)).toEqual(['step:2']);
    form.steps.pop();
    expect(playbookFormErrors(form)).toEqual([]);
    expect(bodyFromPlaybookForm(form)).toMatchObject({ steps: [{ title: 'Listen', detail: '' }], suggestedMacroId: null });
  });

  it('moves steps and toggles checks', () => {
    expect(moveStep(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveStep(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(toggleStep([0, 2], 1)).toEqual([0, 1, 2]);
    expect(toggleStep([0, 1, 2], 1)).toEqual([0, 2]);
  });
});
