/**
 * The automation engine's pure rules (P7): whether an automation's conditions hold for a ticket's
 * facts, and which changes its actions would make to the ticket as it is now. No I/O: the engine
 * (automations-engine.ts) loads the facts, applies the plan and logs the run.
 */
import type { AutomationAction, AutomationCondition, AutomationConditions } from '@rapport/contracts/automations';
import type { Priority, TicketStatus } from '@rapport/contracts/tickets';

export type SlaState = 'ok' | 'warning' | 'breached';

/** What conditions look at: the ticket as it is now. */
export interface TicketFacts {
  status: TicketStatus;
  priority: Priority;
  channel: string;
  tags: readonly string[];
  teamId: string | null;
  assigneeId: string | null;
  language: string | null;
  subject: string;
  customerTier: 'standard' | 'priority' | 'enterprise';
  sla: SlaState;
}

const priorityRank: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The worst state of the running clocks: breached > warning > ok (no clock is ok). */
export function worstSlaState(states: readonly SlaState[]): SlaState {
  if (states.includes('breached')) return 'breached';
  if (states.includes('warning')) return 'warning';
  return 'ok';
}

/** One running clock's state at `now` (a clock past its due or warn time counts even before the monitor marked it). */
export function clockState(clock: { dueAt: Date | null; warnAt: Date | null; warnedAt: Date | null; breachedAt: Date | null }, now: Date): SlaState {
  if (clock.breachedAt || (clock.dueAt && clock.dueAt.getTime() <= now.getTime())) return 'breached';
  if (clock.warnedAt || (clock.warnAt && clock.warnAt.getTime() <= now.getTime())) return 'warning';
  return 'ok';
}

const normalise = (value: string | null) => (value === null ? null : value.trim().toLowerCase());

export function conditionHolds(condition: AutomationCondition, facts: TicketFacts): boolean {
  switch (condition.field) {
    case 'status':
      return (facts.status === condition.value) === (condition.operator === 'is');
    case 'priority': {
      const have = priorityRank[facts.priority];
      const want = priorityRank[condition.value];
      if (condition.operator === 'above') return have > want;
      if (condition.operator === 'below') return have < want;
      return (have === want) === (condition.operator === 'is');
    }
    case 'channel':
      return (facts.channel === condition.value) === (condition.operator === 'is');
    case 'tags': {
      const want = condition.value.toLowerCase();
      const has = facts.tags.some((tag) => tag.toLowerCase() === want);
      return has === (condition.operator === 'includes');
    }
    case 'team':
      return (facts.teamId === condition.value) === (condition.operator === 'is');
    case 'assignee':
      return (facts.assigneeId === condition.value) === (condition.operator === 'is');
    case 'language':
      return (normalise(facts.language) === normalise(condition.value)) === (condition.operator === 'is');
    case 'subject': {
      const contains = facts.subject.toLowerCase().includes(condition.value.toLowerCase());
      return contains === (condition.operator === 'contains');
    }
    case 'customer_tier':
      return (facts.customerTier === condition.value) === (condition.operator === 'is');
    case 'sla':
      return (facts.sla === condition.value) === (condition.operator === 'is');
  }
}

/** Every `all` condition holds, and at least one `any` condition when there are some. */
export function conditionsHold(conditions: AutomationConditions, facts: TicketFacts): boolean {
  if (!conditions.all.every((condition) => conditionHolds(condition, facts))) return false;
  return conditions.any.length === 0 || conditions.any.some((condition) => conditionHolds(condition, facts));
}

/** The ticket fields actions change. */
export interface TicketState {
  status: TicketStatus;
  priority: Priority;
  teamId: string | null;
  assigneeId: string | null;
  tags: readonly string[];
  /** False when a person routed the ticket by hand (an override with a reason): assignment actions leave it alone. */
  autoRouting?: boolean;
}

export interface FieldChange<T> {
  from: T;
  to: T;
}

/** What an automation's actions would do to the ticket: only real changes; notes and notifications always. */
export interface ActionPlan {
  changes: {
    status?: FieldChange<TicketStatus>;
    priority?: FieldChange<Priority>;
    teamId?: FieldChange<string | null>;
    assigneeId?: FieldChange<string | null>;
    tags?: FieldChange<string[]>;
  };
  notes: string[];
  notifications: { to: 'assignee' | 'team' | 'leads'; text: string }[];
  /** Actions held back: assignment actions on a ticket a person routed by hand. */
  held: string[];
}

export function isEmptyPlan(plan: ActionPlan): boolean {
  return Object.keys(plan.changes).length === 0 && plan.notes.length === 0 && plan.notifications.length === 0;
}

/**
 * Plans the actions in order against the ticket as it is now; a later action sees the earlier
 * ones (set_status twice: the last wins). An action that sets what the ticket already has changes
 * nothing, so an automation made only of such actions does nothing at all.
 */
export function planActions(actions: readonly AutomationAction[], ticket: TicketState): ActionPlan {
  const next = { status: ticket.status, priority: ticket.priority, teamId: ticket.teamId, assigneeId: ticket.assigneeId };
  const tags = new Set(ticket.tags);
  const notes: string[] = [];
  const notifications: ActionPlan['notifications'] = [];
  const held: string[] = [];
  for (const action of actions) {
    if ((action.type === 'assign_team' || action.type === 'assign_agent') && ticket.autoRouting === false) {
      // A person's routing override stands against every automatic decision, automations included.
      held.push(action.type);
      continue;
    }
    switch (action.type) {
      case 'set_status':
        next.status = action.status;
        break;
      case 'set_priority':
        next.priority = action.priority;
        break;
      case 'assign_team':
        next.teamId = action.teamId;
        break;
      case 'assign_agent':
        next.assigneeId = action.userId;
        break;
      case 'add_tags':
        for (const tag of action.tags) tags.add(tag);
        break;
      case 'remove_tags':
        for (const tag of action.tags) tags.delete(tag);
        break;
      case 'add_note':
        notes.push(action.text);
        break;
      case 'notify':
        notifications.push({ to: action.to, text: action.text });
        break;
    }
  }
  const changes: ActionPlan['changes'] = {};
  if (next.status !== ticket.status) changes.status = { from: ticket.status, to: next.status };
  if (next.priority !== ticket.priority) changes.priority = { from: ticket.priority, to: next.priority };
  if (next.teamId !== ticket.teamId) changes.teamId = { from: ticket.teamId, to: next.teamId };
  if (next.assigneeId !== ticket.assigneeId) changes.assigneeId = { from: ticket.assigneeId, to: next.assigneeId };
  const before = [...ticket.tags].sort();
  const after = [...tags].sort();
  if (before.join('\u0000') !== after.join('\u0000')) changes.tags = { from: before, to: after };
  return { changes, notes, notifications, held };
}

/**
 * Notes and notifications repeat nothing: the same text this automation already wrote (or sent to
 * the same people) on the ticket in its recent runs is a no-op, like setting a status the ticket
 * already has. Without this, every event its own changes cause would add the note again.
 */
export function withoutRepeats(plan: ActionPlan, recentRuns: readonly Record<string, unknown>[]): ActionPlan {
  const notes = new Set<string>();
  const notified = new Set<string>();
  for (const changes of recentRuns) {
    for (const note of Array.isArray(changes['notes']) ? changes['notes'] : []) {
      if (typeof note === 'object' && note !== null && 'text' in note) notes.add(String(note.text));
    }
    for (const item of Array.isArray(changes['notifications']) ? changes['notifications'] : []) {
      if (typeof item === 'object' && item !== null && 'to' in item && 'text' in item) notified.add(`${String(item.to)}\u0000${String(item.text)}`);
    }
  }
  return {
    changes: plan.changes,
    held: plan.held,
    notes: plan.notes.filter((text) => !notes.has(text)),
    notifications: plan.notifications.filter((item) => !notified.has(`${item.to}\u0000${item.text}`)),
  };
}

/**
 * Undoing a run (an override with revert): for each field the run changed, the value to put back
 * when the ticket still holds what the run set. Tags are undone tag by tag: the ones the run added
 * and are still there go, the ones it removed and are still absent come back.
 */
export function planRevert(runChanges: Record<string, unknown>, ticket: TicketState): { values: Partial<Omit<TicketState, 'tags'>> & { addTags?: string[]; removeTags?: string[] }; reverted: string[] } {
  const values: Partial<Omit<TicketState, 'tags'>> & { addTags?: string[]; removeTags?: string[] } = {};
  const reverted: string[] = [];
  const change = (field: string) => {
    const value = runChanges[field];
    if (typeof value !== 'object' || value === null || !('from' in value) || !('to' in value)) return null;
    return value as { from: unknown; to: unknown };
  };
  const scalar = <K extends 'status' | 'priority' | 'teamId' | 'assigneeId'>(field: K) => {
    const recorded = change(field);
    if (recorded && ticket[field] === recorded.to) {
      (values as Record<string, unknown>)[field] = recorded.from;
      reverted.push(field);
    }
  };
  scalar('status');
  scalar('priority');
  scalar('teamId');
  scalar('assigneeId');
  const tags = change('tags');
  if (tags && Array.isArray(tags.from) && Array.isArray(tags.to)) {
    const from = new Set(tags.from.map(String));
    const to = new Set(tags.to.map(String));
    const now = new Set(ticket.tags);
    const removeTags = [...to].filter((tag) => !from.has(tag) && now.has(tag));
    const addTags = [...from].filter((tag) => !to.has(tag) && !now.has(tag));
    if (removeTags.length > 0) values.removeTags = removeTags;
    if (addTags.length > 0) values.addTags = addTags;
    if (removeTags.length > 0 || addTags.length > 0) reverted.push('tags');
  }
  return { values, reverted };
}

/** The team and member ids an automation names, with where (for AUTOMATION_INVALID). */
export function referencedIds(conditions: AutomationConditions, actions: readonly AutomationAction[]): { teams: { id: string; path: string }[]; users: { id: string; path: string }[] } {
  const teams: { id: string; path: string }[] = [];
  const users: { id: string; path: string }[] = [];
  for (const group of ['all', 'any'] as const) {
    conditions[group].forEach((condition, index) => {
      if (condition.field === 'team' && condition.value) teams.push({ id: condition.value, path: `conditions.${group}.${index}.value` });
      if (condition.field === 'assignee' && condition.value) users.push({ id: condition.value, path: `conditions.${group}.${index}.value` });
    });
  }
  actions.forEach((action, index) => {
    if (action.type === 'assign_team' && action.teamId) teams.push({ id: action.teamId, path: `actions.${index}.teamId` });
    if (action.type === 'assign_agent' && action.userId) users.push({ id: action.userId, path: `actions.${index}.userId` });
  });
  return { teams, users };
}
