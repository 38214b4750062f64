/** The playbook editor's form state and its conversion to and from the API. Pure. */
import type { CreatePlaybookBody, PlaybookDto, ResolutionAction } from '@rapport/contracts/playbooks';

export interface PlaybookForm {
  name: string;
  description: string;
  steps: { title: string; detail: string }[];
  suggestedMacroId: string;
  allowedActions: ResolutionAction[];
  enabled: boolean;
}

export type PlaybookFormError = 'name' | 'steps' | `step:${number}`;

export function emptyPlaybookForm(): PlaybookForm {
  return { name: '', description: '', steps: [{ title: '', detail: '' }], suggestedMacroId: '', allowedActions: [], enabled: true };
}

export function formFromPlaybook(playbook: PlaybookDto): PlaybookForm {
  return {
    name: playbook.name,
    description: playbook.description,
    steps: playbook.steps.map((step) => ({ ...step })),
    suggestedMacroId: playbook.suggestedMacro?.id ?? '',
    allowedActions: [...playbook.allowedActions],
    enabled: playbook.enabled,
  };
}

/** Blank steps (no title, no detail) are dropped; a step with a detail but no title is an error. */
export function playbookFormErrors(form: PlaybookForm): PlaybookFormError[] {
  const errors: PlaybookFormError[] = [];
  if (form.name.trim() === '') errors.push('name');
  const kept = form.steps.filter((step) => step.title.trim() !== '' || step.detail.trim() !== '');
  if (kept.length === 0) errors.push('steps');
  form.steps.forEach((step, index) => {
    if (step.title.trim() === '' && step.detail.trim() !== '') errors.push(`step:${index}`);
  });
  return errors;
}

export function bodyFromPlaybookForm(form: PlaybookForm): CreatePlaybookBody {
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    steps: form.steps.filter((step) => step.title.trim() !== '').map((step) => ({ title: step.title.trim(), detail: step.detail.trim() })),
    suggestedMacroId: form.suggestedMacroId === '' ? null : form.suggestedMacroId,
    allowedActions: [...form.allowedActions],
    enabled: form.enabled,
  };
}

/** Moves the step at `index` one place up (-1) or down (+1); out of range leaves the list as it is. */
export function moveStep<T>(steps: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= steps.length || target < 0 || target >= steps.length) return [...steps];
  const next = [...steps];
  const [step] = next.splice(index, 1);
  next.splice(target, 0, step as T);
  return next;
}

/** Toggles one step in the checked set (ascending, no duplicates). */
export function toggleStep(checked: readonly number[], index: number): number[] {
  return checked.includes(index) ? checked.filter((item) => item !== index) : [...checked, index].sort((a, b) => a - b);
}
