/**
 * The automation editor's form state and its conversion to and from the API (pure): condition and
 * action rows, the time rule's delay in a unit people think in, the checks made before sending, and
 * the server's refusals (VALIDATION_FAILED, AUTOMATION_INVALID) placed on the fields they name.
 */
import type {
  AutomationAction,
  AutomationCondition,
  AutomationDto,
  AutomationTime,
  AutomationTrigger,
  CreateAutomationBody,
  TimeAnchor,
} from '@rapport/contracts/automations';
import type { Channel, Priority, TicketStatus } from '@rapport/contracts/tickets';
import { isApiError } from '../../api/api-error.ts';
import { t } from '../../i18n/i18n.ts';

export type ConditionField = AutomationCondition['field'];
export type ConditionOperator = AutomationCondition['operator'];
export type ActionType = AutomationAction['type'];
export type NotifyTarget = Extract<AutomationAction, { type: 'notify' }>['to'];
export type DelayUnit = 'minutes' | 'hours' | 'days';
export type ConditionGroup = 'all' | 'any';

export const conditionFields: readonly ConditionField[] = ['subject', 'status', 'priority', 'channel', 'tags', 'team', 'assignee', 'language', 'customer_tier', 'sla'];
export const actionTypes: readonly ActionType[] = ['set_status', 'set_priority', 'assign_team', 'assign_agent', 'add_tags', 'remove_tags', 'add_note', 'notify'];
export const notifyTargets: readonly NotifyTarget[] = ['assignee', 'team', 'leads'];
export const delayUnits: readonly DelayUnit[] = ['minutes', 'hours', 'days'];
export const timeAnchors: readonly TimeAnchor[] = ['created', 'updated', 'last_message', 'pending_since', 'solved'];
export const ticketStatuses: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
export const priorities: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
export const channels: readonly Channel[] = ['email', 'web', 'chat', 'phone', 'api'];
export const customerTiers = ['standard', 'priority', 'enterprise'] as const;
export const slaStates = ['ok', 'warning', 'breached'] as const;

const operatorsByField: Record<ConditionField, readonly ConditionOperator[]> = {
  status: ['is', 'is_not'],
  priority: ['is', 'is_not', 'above', 'below'],
  channel: ['is', 'is_not'],
  tags: ['includes', 'excludes'],
  team: ['is', 'is_not'],
  assignee: ['is', 'is_not'],
  language: ['is', 'is_not'],
  subject: ['contains', 'not_contains'],
  customer_tier: ['is', 'is_not'],
  sla: ['is', 'is_not'],
};

const defaultValues: Record<ConditionField, string> = {
  status: 'open',
  priority: 'high',
  channel: 'email',
  tags: '',
  team: '',
  assignee: '',
  language: '',
  subject: '',
  customer_tier: 'enterprise',
  sla: 'breached',
};

/** How a condition's value is entered: a choice from a fixed list, a person or team picker, or free text. */
export function valueKind(field: ConditionField): 'choice' | 'team' | 'agent' | 'text' {
  if (field === 'team') return 'team';
  if (field === 'assignee') return 'agent';
  if (field === 'tags' || field === 'subject' || field === 'language') return 'text';
  return 'choice';
}

export function operatorsFor(field: ConditionField): readonly ConditionOperator[] {
  return operatorsByField[field];
}

export interface ConditionRow {
  /** A stable React key for the row. */
  key: string;
  field: ConditionField;
  operator: ConditionOperator;
  /** '' = no team / unassigned / no language for those fields. */
  value: string;
}

export interface ActionRow {
  key: string;
  type: ActionType;
  status: TicketStatus;
  priority: Priority;
  /** '' = no team. */
  teamId: string;
  /** '' = unassign. */
  userId: string;
  /** Comma-separated. */
  tags: string;
  text: string;
  to: NotifyTarget;
}

export interface AutomationForm {
  name: string;
  description: string;
  enabled: boolean;
  trigger: AutomationTrigger;
  anchor: TimeAnchor;
  delayAmount: string;
  delayUnit: DelayUnit;
  businessHours: boolean;
  all: ConditionRow[];
  any: ConditionRow[];
  actions: ActionRow[];
}

let newRows = 0;
function rowKey(): string {
  newRows += 1;
  return `row-${newRows}`;
}

export function emptyCondition(field: ConditionField = 'subject'): ConditionRow {
  return { key: rowKey(), field, operator: operatorsByField[field][0]!, value: defaultValues[field] };
}

/** The row with another field: the operator and value reset to ones that fit it. */
export function withField(row: ConditionRow, field: ConditionField): ConditionRow {
  if (row.field === field) return row;
  return { ...row, field, operator: operatorsByField[field][0]!, value: defaultValues[field] };
}

export function emptyAction(type: ActionType = 'add_tags'): ActionRow {
  return { key: rowKey(), type, status: 'open', priority: 'high', teamId: '', userId: '', tags: '', text: '', to: 'assignee' };
}

export function emptyAutomationForm(): AutomationForm {
  return {
    name: '',
    description: '',
    enabled: true,
    trigger: 'ticket_created',
    anchor: 'created',
    delayAmount: '1',
    delayUnit: 'days',
    businessHours: false,
    all: [],
    any: [],
    actions: [emptyAction()],
  };
}

// ---- The delay --------------------------------------------------------------------------------

const minutesPer: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };
export const maxDelayMinutes = 60 * 24 * 365;

/** Minutes as the largest unit that holds them whole: 2880 → 2 days, 90 → 90 minutes. */
export function delayFromMinutes(minutes: number): { amount: number; unit: DelayUnit } {
  if (minutes > 0 && minutes % minutesPer.days === 0) return { amount: minutes / minutesPer.days, unit: 'days' };
  if (minutes > 0 && minutes % minutesPer.hours === 0) return { amount: minutes / minutesPer.hours, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

/** The delay in minutes, or null when the amount is not a whole number or falls outside 1 minute to a year. */
export function delayToMinutes(amount: string, unit: DelayUnit): number | null {
  const trimmed = amount.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const minutes = Number(trimmed) * minutesPer[unit];
  return minutes >= 1 && minutes <= maxDelayMinutes ? minutes : null;
}

// ---- To and from the API ----------------------------------------------------------------------

function conditionRow(condition: AutomationCondition): ConditionRow {
  return { key: rowKey(), field: condition.field, operator: condition.operator, value: condition.value ?? '' } as ConditionRow;
}

function actionRow(action: AutomationAction): ActionRow {
  const row = emptyAction(action.type);
  switch (action.type) {
    case 'set_status':
      return { ...row, status: action.status };
    case 'set_priority':
      return { ...row, priority: action.priority };
    case 'assign_team':
      return { ...row, teamId: action.teamId ?? '' };
    case 'assign_agent':
      return { ...row, userId: action.userId ?? '' };
    case 'add_tags':
    case 'remove_tags':
      return { ...row, tags: action.tags.join(', ') };
    case 'add_note':
      return { ...row, text: action.text };
    case 'notify':
      return { ...row, to: action.to, text: action.text };
  }
}

export function formFromAutomation(automation: AutomationDto): AutomationForm {
  const delay = automation.time ? delayFromMinutes(automation.time.afterMinutes) : { amount: 1, unit: 'days' as const };
  return {
    name: automation.name,
    description: automation.description,
    enabled: automation.enabled,
    trigger: automation.trigger,
    anchor: automation.time?.anchor ?? 'created',
    delayAmount: String(delay.amount),
    delayUnit: delay.unit,
    businessHours: automation.time?.businessHours ?? false,
    all: automation.conditions.all.map(conditionRow),
    any: automation.conditions.any.map(conditionRow),
    actions: automation.actions.map(actionRow),
  };
}

/** "vip, Refund ,, vip" → ["vip", "Refund"]: trimmed, empties dropped, each tag once. */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function conditionFromRow(row: ConditionRow): AutomationCondition {
  const value = row.value.trim();
  switch (row.field) {
    case 'team':
    case 'assignee':
    case 'language':
      return { field: row.field, operator: row.operator, value: value === '' ? null : value } as AutomationCondition;
    default:
      return { field: row.field, operator: row.operator, value } as AutomationCondition;
  }
}

function actionFromRow(row: ActionRow): AutomationAction {
  switch (row.type) {
    case 'set_status':
      return { type: row.type, status: row.status };
    case 'set_priority':
      return { type: row.type, priority: row.priority };
    case 'assign_team':
      return { type: row.type, teamId: row.teamId || null };
    case 'assign_agent':
      return { type: row.type, userId: row.userId || null };
    case 'add_tags':
    case 'remove_tags':
      return { type: row.type, tags: parseTags(row.tags) };
    case 'add_note':
      return { type: row.type, text: row.text.trim() };
    case 'notify':
      return { type: row.type, to: row.to, text: row.text.trim() };
  }
}

/** The request body (create, and the whole of an edit); rows map one to one, so the server's paths point at them. */
export function bodyFromAutomationForm(form: AutomationForm): CreateAutomationBody {
  const afterMinutes = delayToMinutes(form.delayAmount, form.delayUnit);
  const time: AutomationTime | null = form.trigger === 'time' ? { anchor: form.anchor, afterMinutes: afterMinutes ?? 0, businessHours: form.businessHours } : null;
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    enabled: form.enabled,
    trigger: form.trigger,
    time,
    conditions: { all: form.all.map(conditionFromRow), any: form.any.map(conditionFromRow) },
    actions: form.actions.map(actionFromRow),
  };
}

// ---- Errors, keyed by the body path they concern ---------------------------------------------

/** Messages by body path ('name', 'time.afterMinutes', 'conditions.all.0.value', 'actions.1.tags', 'actions'). */
export type FormErrors = Record<string, string>;

/** What the form can tell before sending: the same paths the server would name. */
export function automationFormErrors(form: AutomationForm): FormErrors {
  const errors: FormErrors = {};
  if (form.name.trim() === '') errors['name'] = t('automations.form.nameRequired');
  if (form.trigger === 'time' && delayToMinutes(form.delayAmount, form.delayUnit) === null) errors['time.afterMinutes'] = t('automations.form.delayInvalid');
  for (const group of ['all', 'any'] as const) {
    form[group].forEach((row, index) => {
      if ((row.field === 'tags' || row.field === 'subject') && row.value.trim() === '') errors[`conditions.${group}.${index}.value`] = t('automations.form.valueRequired');
      if (row.field === 'language' && row.value.trim().length === 1) errors[`conditions.${group}.${index}.value`] = t('automations.form.valueRequired');
    });
  }
  if (form.actions.length === 0) errors['actions'] = t('automations.form.actionsRequired');
  form.actions.forEach((row, index) => {
    if ((row.type === 'add_tags' || row.type === 'remove_tags') && parseTags(row.tags).length === 0) errors[`actions.${index}.tags`] = t('automations.form.tagsRequired');
    if ((row.type === 'add_note' || row.type === 'notify') && row.text.trim() === '') errors[`actions.${index}.text`] = t('automations.form.textRequired');
  });
  return errors;
}

function normalisePath(path: unknown): string | null {
  const joined = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : null;
  if (joined === null) return null;
  return joined.replace(/^body(\.|$)/, '').replace(/^\//, '').replaceAll('/', '.');
}

/**
 * The server's refusal as messages by body path: VALIDATION_FAILED and AUTOMATION_INVALID name the
 * fields in `details.issues[].path`, `details.fields` (paths, or path → message) or `details.path`.
 * Anything else (or a refusal naming no field) gives {}: the form shows it as a whole.
 */
export function serverFieldErrors(error: unknown): FormErrors {
  if (!isApiError(error) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'AUTOMATION_INVALID')) return {};
  const details = (error.details && typeof error.details === 'object' ? error.details : {}) as Record<string, unknown>;
  const errors: FormErrors = {};
  const put = (path: unknown, message: unknown) => {
    const key = normalisePath(path);
    if (key !== null && !(key in errors)) errors[key] = typeof message === 'string' && message.trim() ? message : error.message;
  };
  if (Array.isArray(details['issues'])) {
    for (const issue of details['issues'] as unknown[]) {
      if (issue && typeof issue === 'object') put((issue as Record<string, unknown>)['path'], (issue as Record<string, unknown>)['message']);
    }
  }
  const fields = details['fields'];
  if (Array.isArray(fields)) for (const path of fields) put(path, error.message);
  else if (fields && typeof fields === 'object') for (const [path, message] of Object.entries(fields)) put(path, message);
  if (details['path'] !== undefined) put(details['path'], details['message'] ?? error.message);
  return errors;
}

/** The first message at `path` or below it ('actions.0' finds 'actions.0.tags'). */
export function errorAt(errors: FormErrors, path: string): string | undefined {
  if (errors[path] !== undefined) return errors[path];
  const below = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return below === undefined ? undefined : errors[below];
}

/** Messages no field of the form shows (so they are shown above the buttons). */
export function unplacedErrors(errors: FormErrors, form: AutomationForm): string[] {
  const placed = (path: string) =>
    path === 'name' ||
    path === 'description' ||
    path === 'trigger' ||
    path.startsWith('time') ||
    path === 'actions' ||
    /^conditions\.(all|any)\.\d+/.test(path) ||
    /^actions\.\d+/.test(path);
  const rowExists = (path: string) => {
    const condition = /^conditions\.(all|any)\.(\d+)/.exec(path);
    if (condition) return Number(condition[2]) < form[condition[1] as ConditionGroup].length;
    const action = /^actions\.(\d+)/.exec(path);
    if (action) return Number(action[1]) < form.actions.length;
    return true;
  };
  return [...new Set(Object.entries(errors).filter(([path]) => !placed(path) || !rowExists(path)).map(([, message]) => message))];
}

// ---- Order ------------------------------------------------------------------------------------

/** The list with the item at `index` swapped with its neighbour above (-1) or below (+1); unchanged at either end. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
