import { describe, expect, it } from 'vitest';
import type { SlaPolicyDto } from '@rapport/contracts/service';
import { bodyFromPolicyForm, emptyPolicyForm, formFromPolicy, policyFormErrors } from './sla-policy-form.ts';

const policy: SlaPolicyDto = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Urgent',
  position: 0,
  enabled: true,
  priorities: ['urgent'],
  tiers: [],
  channels: ['email'],
  firstReplyMinutes: 60,
  nextReplyMinutes: null,
  resolutionMinutes: 8 * 60 + 30,
  businessHours: false,
  warnMinutes: 15,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('SLA policy form', () => {
  it('round-trips a policy through the form', () => {
    const form = formFromPolicy(policy);
    expect(form.targets.resolution).toEqual({ isNone: false, hours: '8', minutes: '30' });
    expect(form.targets.nextReply.isNone).toBe(true);
    expect(bodyFromPolicyForm(form)).toEqual({
      name: 'Urgent',
      enabled: true,
      priorities: ['urgent'],
      tiers: [],
      channels: ['email'],
      firstReplyMinutes: 60,
      nextReplyMinutes: null,
      resolutionMinutes: 510,
      businessHours: false,
      warnMinutes: 15,
    });
  });

  it('starts with a first reply target of an hour, counted in business hours', () => {
    const body = bodyFromPolicyForm({ ...emptyPolicyForm(), name: ' Default ' });
    expect(body).toMatchObject({ name: 'Default', firstReplyMinutes: 60, nextReplyMinutes: null, resolutionMinutes: null, businessHours: true, warnMinutes: 30 });
  });

  it('asks for a name, a usable duration per target, at least one target and whole warn minutes', () => {
    expect(policyFormErrors(emptyPolicyForm())).toEqual(['name']);
    const none = { isNone: true, hours: '', minutes: '' };
    const form = { ...emptyPolicyForm(), name: 'x', warnMinutes: '1.5', targets: { firstReply: none, nextReply: none, resolution: none } };
    expect(policyFormErrors(form)).toEqual(['noTarget', 'warnMinutes']);
    const zero = { ...emptyPolicyForm(), name: 'x', targets: { ...emptyPolicyForm().targets, firstReply: { isNone: false, hours: '0', minutes: '0' }, resolution: { isNone: false, hours: '1', minutes: '75' } } };
    expect(policyFormErrors(zero)).toEqual(['target:firstReply', 'target:resolution']);
  });
});
