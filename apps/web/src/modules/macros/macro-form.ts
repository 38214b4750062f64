/** Pure helpers of the macro form: placeholders in a body, and the form's values as an API body. */
import { macroPlaceholders, type MacroActions, type MacroCategory, type MacroDto, type MacroScope } from '@rapport/contracts/composer';
import type { Priority, TicketStatus } from '@rapport/contracts/tickets';

export interface MacroFormValues {
  name: string;
  body: string;
  scope: MacroScope;
  /** 'clarifying': a clarifying-question snippet (P10). */
  category: MacroCategory;
  status: TicketStatus | '';
  priority: Priority | '';
  tags: string;
  /** '' leaves the assignee as is, 'none' unassigns, else a user id. */
  assignee: string;
  /** '' leaves the team as is, 'none' clears it, else a team id. */
  team: string;
}

const choiceOf = (value: string | null | undefined) => (value === undefined ? '' : value === null ? 'none' : value);
const valueOf = (choice: string) => (choice === 'none' ? null : choice);

export function formValuesOf(macro: MacroDto | null): MacroFormValues {
  return {
    name: macro?.name ?? '',
    body: macro?.body ?? '',
    scope: macro?.scope ?? 'personal',
    category: macro?.category ?? 'macro',
    status: macro?.actions.status ?? '',
    priority: macro?.actions.priority ?? '',
    tags: macro?.actions.addTags?.join(', ') ?? '',
    assignee: choiceOf(macro?.actions.assigneeId),
    team: choiceOf(macro?.actions.teamId),
  };
}

/** Placeholders in the body that nothing fills (they would stay as written). */
export function unknownPlaceholders(body: string): string[] {
  const known = new Set<string>(macroPlaceholders);
  const found = new Set<string>();
  for (const match of body.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    const name = (match[1] ?? '').trim();
    if (name && !known.has(name.toLowerCase())) found.add(name);
  }
  return [...found];
}

/** The ticket changes the form describes (empty choices change nothing). */
export function actionsOf(values: MacroFormValues): MacroActions {
  const tags = [...new Set(values.tags.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
  return {
    ...(values.assignee ? { assigneeId: valueOf(values.assignee) } : {}),
    ...(values.team ? { teamId: valueOf(values.team) } : {}),
    ...(values.status ? { status: values.status } : {}),
    ...(values.priority ? { priority: values.priority } : {}),
    ...(tags.length > 0 ? { addTags: tags } : {}),
  };
}
