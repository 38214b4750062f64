/** The SLA policy form's state, its checks, and the request body it becomes. */
import type { CreateSlaPolicyBody, SlaPolicyDto } from '@rapport/contracts/service';
import type { Channel, Priority } from '@rapport/contracts/tickets';
import { joinMinutes, splitMinutes } from './sla-format.ts';

export type Tier = SlaPolicyDto['tiers'][number];
export const tiers: readonly Tier[] = ['standard', 'priority', 'enterprise'];

export type TargetName = 'firstReply' | 'nextReply' | 'resolution';
export const targetNames: readonly TargetName[] = ['firstReply', 'nextReply', 'resolution'];

export interface TargetDraft {
  /** "No target" checked: the metric has no clock. */
  isNone: boolean;
  hours: string;
  minutes: string;
}

export interface SlaPolicyForm {
  name: string;
  enabled: boolean;
  priorities: Priority[];
  tiers: Tier[];
  channels: Channel[];
  targets: Record<TargetName, TargetDraft>;
  businessHours: boolean;
  warnMinutes: string;
}

const noTarget: TargetDraft = { isNone: true, hours: '', minutes: '' };

export function emptyPolicyForm(): SlaPolicyForm {
  return {
    name: '',
    enabled: true,
    priorities: [],
    tiers: [],
    channels: [],
    targets: { firstReply: { isNone: false, hours: '1', minutes: '0' }, nextReply: { ...noTarget }, resolution: { ...noTarget } },
    businessHours: true,
    warnMinutes: '30',
  };
}

function targetDraft(minutes: number | null): TargetDraft {
  return minutes === null ? { ...noTarget } : { isNone: false, ...splitMinutes(minutes) };
}

export function formFromPolicy(policy: SlaPolicyDto): SlaPolicyForm {
  return {
    name: policy.name,
    enabled: policy.enabled,
    priorities: [...policy.priorities],
    tiers: [...policy.tiers],
    channels: [...policy.channels],
    targets: {
      firstReply: targetDraft(policy.firstReplyMinutes),
      nextReply: targetDraft(policy.nextReplyMinutes),
      resolution: targetDraft(policy.resolutionMinutes),
    },
    businessHours: policy.businessHours,
    warnMinutes: String(policy.warnMinutes),
  };
}

export type PolicyFormError = 'name' | 'noTarget' | 'warnMinutes' | `target:${TargetName}`;

const maxTarget = 60 * 24 * 365;
const maxWarn = 60 * 24 * 30;

/** The target in minutes: null for "no target", NaN when the inputs are not a usable duration. */
export function targetMinutes(target: TargetDraft): number | null {
  if (target.isNone) return null;
  const minutes = joinMinutes(target.hours, target.minutes);
  return minutes === null || minutes < 1 || minutes > maxTarget ? Number.NaN : minutes;
}

export function policyFormErrors(form: SlaPolicyForm): PolicyFormError[] {
  const errors: PolicyFormError[] = [];
  if (!form.name.trim()) errors.push('name');
  for (const name of targetNames) {
    if (Number.isNaN(targetMinutes(form.targets[name]))) errors.push(`target:${name}`);
  }
  if (targetNames.every((name) => form.targets[name].isNone)) errors.push('noTarget');
  const warn = form.warnMinutes.trim();
  if (!/^\d+$/.test(warn) || Number(warn) > maxWarn) errors.push('warnMinutes');
  return errors;
}

/** The create body (also sent whole as the update: every field is set on edit). Call only without errors. */
export function bodyFromPolicyForm(form: SlaPolicyForm): CreateSlaPolicyBody {
  return {
    name: form.name.trim(),
    enabled: form.enabled,
    priorities: [...form.priorities],
    tiers: [...form.tiers],
    channels: [...form.channels],
    firstReplyMinutes: targetMinutes(form.targets.firstReply),
    nextReplyMinutes: targetMinutes(form.targets.nextReply),
    resolutionMinutes: targetMinutes(form.targets.resolution),
    businessHours: form.businessHours,
    warnMinutes: Number(form.warnMinutes.trim()),
  };
}
