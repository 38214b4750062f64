import type { Channel, SlaFilter, TicketSort, TicketStatus } from '@rapport/contracts/tickets';
import type { TicketListFilters } from '../../api/query-keys.ts';

export type CustomerTier = 'standard' | 'priority' | 'enterprise';

/** The view editor's form state: what the agent picked, before it becomes stored filters. */
export interface ViewForm {
  name: string;
  isShared: boolean;
  statuses: TicketStatus[];
  channels: Channel[];
  tiers: CustomerTier[];
  /** '' any, 'me', 'none' (unassigned) or a user id */
  assignee: string;
  /** '' any, or a team id */
  team: string;
  tag: string;
  /** Comma-separated language codes */
  languages: string;
  fieldKey: string;
  fieldValue: string;
  /** '' any, or an SLA state (breached, warning = due soon, running, none) */
  sla: SlaFilter | '';
  /** Kept as it was: the sort is chosen in the list header. */
  sort?: TicketSort | undefined;
}

export function emptyViewForm(): ViewForm {
  return { name: '', isShared: false, statuses: [], channels: [], tiers: [], assignee: '', team: '', tag: '', languages: '', fieldKey: '', fieldValue: '', sla: '' };
}

export function formFromFilters(name: string, isShared: boolean, filters: TicketListFilters): ViewForm {
  const field = filters.field ?? '';
  const colon = field.indexOf(':');
  return {
    name,
    isShared,
    statuses: [...(filters.status ?? [])],
    channels: [...(filters.channel ?? [])],
    tiers: [...(filters.tier ?? [])],
    assignee: filters.assignee ?? '',
    team: filters.team ?? '',
    tag: filters.tag ?? '',
    languages: (filters.language ?? []).join(', '),
    fieldKey: colon > 0 ? field.slice(0, colon) : '',
    fieldValue: colon > 0 ? field.slice(colon + 1) : '',
    sla: filters.sla ?? '',
    sort: filters.sort,
  };
}

export type ViewFormError = 'name' | 'fieldValue';

/** What is wrong with the form (checked before sending; the server checks again). */
export function viewFormErrors(form: ViewForm): ViewFormError[] {
  const errors: ViewFormError[] = [];
  if (!form.name.trim()) errors.push('name');
  if (form.fieldKey && !form.fieldValue.trim()) errors.push('fieldValue');
  return errors;
}

/** The stored filters: only what the agent chose, so an empty view shows every ticket. */
export function filtersFromForm(form: ViewForm): TicketListFilters {
  const filters: TicketListFilters = {};
  if (form.statuses.length > 0) filters.status = [...form.statuses];
  if (form.channels.length > 0) filters.channel = [...form.channels];
  if (form.tiers.length > 0) filters.tier = [...form.tiers];
  if (form.assignee) filters.assignee = form.assignee;
  if (form.team) filters.team = form.team;
  const tag = form.tag.trim().toLowerCase();
  if (tag) filters.tag = tag;
  const languages = form.languages
    .split(',')
    .map((language) => language.trim().toLowerCase())
    .filter(Boolean);
  if (languages.length > 0) filters.language = languages;
  if (form.fieldKey && form.fieldValue.trim()) filters.field = `${form.fieldKey}:${form.fieldValue.trim()}`;
  if (form.sla) filters.sla = form.sla;
  if (form.sort) filters.sort = form.sort;
  return filters;
}

/** Toggles a value in a checkbox group. */
export function toggleIn<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((item) => item !== value) : [...values, value];
}
