/**
 * The resolution suggestion (P3, P29): one action and amount for the ticket, always within the
 * asking agent's limit, with every fact it rests on. Pure and deterministic; the caller loads the
 * facts. The rules:
 *
 * - the situation picks the action: a late delivery → free shipping, else a discount; our mistake →
 *   a replacement, else a refund; anything else (and as the last resort) → store credit. Only actions
 *   the ticket allows and the agent has a limit for count;
 * - severity is how the customer's latest words read to the reply coach's inbound analysis (the
 *   same anger threshold the playbooks use): low → 25 % of the per-action limit, medium → 50 %,
 *   high → 100 %; one step up when it was our mistake; halved when the customer already had three
 *   or more approved actions in the last year;
 * - capped by what is left of the agent's period allowance, rounded down to whole units; nothing
 *   below one unit is proposed (null when nothing fits).
 */
import Big from 'big.js';
import type { ResolutionAction, ResolutionSuggestion, Severity } from '@rapport/contracts/resolutions';
import { analyseInbound } from '@rapport/reply-coach/inbound';
import { ANGER_THRESHOLD } from '../playbooks/suggest-playbooks.ts';
import { formatMoney } from './limit-decision.ts';

/** Below the playbooks' "angry" threshold but clearly unhappy (one frustration word reads about 0.45). */
export const MEDIUM_SEVERITY_THRESHOLD = 0.3;
/** A customer with this many approved actions in a year gets half the usual amount. */
export const FREQUENT_ACTIONS = 3;

const shareBySeverity: Record<Severity, number> = { low: 25, medium: 50, high: 100 };
const stepUp: Record<Severity, Severity> = { low: 'medium', medium: 'high', high: 'high' };

export interface AgentLimit {
  action: ResolutionAction;
  /** null = unlimited (an admin without a row): no share of a limit to propose. */
  perAction: string | null;
  /** null = no period limit. */
  remainingInPeriod: string | null;
}

export interface SuggestionInput {
  /** The customer's latest words (the messages since our last reply). */
  customerText: string;
  /** Why it was our mistake (tag, started playbook, or the customer's words); null when it was not. */
  ourMistake: string | null;
  /** Why it is a late delivery; null when it is not. */
  delayedShipment: string | null;
  history: { ticketsLastYear: number; actionsLastYear: number };
  allowedActions: readonly ResolutionAction[];
  currency: string;
  /** The agent's limits in that currency. */
  limits: readonly AgentLimit[];
}

export function severityOf(customerText: string): { severity: Severity; anger: number; cues: string[] } {
  const inbound = analyseInbound(customerText);
  const severity: Severity = inbound.anger >= ANGER_THRESHOLD || inbound.abuse ? 'high' : inbound.anger >= MEDIUM_SEVERITY_THRESHOLD ? 'medium' : 'low';
  return { severity, anger: inbound.anger, cues: inbound.reasons };
}

/** The actions to try, best fit first. */
function candidates(input: SuggestionInput): ResolutionAction[] {
  const ordered: ResolutionAction[] = [];
  if (input.delayedShipment) ordered.push('free_shipping', 'discount');
  if (input.ourMistake) ordered.push('replacement', 'refund');
  ordered.push('store_credit');
  return [...new Set(ordered)];
}

const actionWords: Record<ResolutionAction, string> = {
  refund: 'a refund',
  store_credit: 'store credit',
  replacement: 'a replacement',
  discount: 'a discount',
  free_shipping: 'free shipping',
};

export function suggestResolution(input: SuggestionInput): ResolutionSuggestion | null {
  const tone = severityOf(input.customerText);
  const reasons: string[] = [];
  reasons.push(
    tone.severity === 'low'
      ? "The customer's latest message reads calm: low severity."
      : `The customer's latest message reads ${tone.severity === 'high' ? 'as angry' : 'as unhappy'} (${tone.cues.join(', ') || 'tone'}): ${tone.severity} severity.`,
  );
  if (input.delayedShipment) reasons.push(`A late delivery: ${input.delayedShipment}`);
  if (input.ourMistake) reasons.push(`Our mistake: ${input.ourMistake}`);
  if (!input.delayedShipment && !input.ourMistake) reasons.push('Neither a late delivery nor our mistake: store credit is the usual gesture.');
  reasons.push(`The customer had ${input.history.ticketsLastYear} ticket(s) and ${input.history.actionsLastYear} approved resolution action(s) in the last 365 days.`);

  let level = tone.severity;
  if (input.ourMistake && stepUp[level] !== level) {
    level = stepUp[level];
    reasons.push(`One step up for our mistake: ${shareBySeverity[level]}% of the per-action limit.`);
  }
  let share = new Big(shareBySeverity[level]).div(100);
  const frequent = input.history.actionsLastYear >= FREQUENT_ACTIONS;
  if (frequent) {
    share = share.div(2);
    reasons.push(`Halved: the customer already had ${input.history.actionsLastYear} approved actions in the last 365 days (${FREQUENT_ACTIONS} or more).`);
  }

  const allowed = new Set(input.allowedActions);
  const limits = new Map(input.limits.map((limit) => [limit.action, limit]));
  const skipped: string[] = [];
  for (const action of candidates(input)) {
    const limit = limits.get(action);
    if (!allowed.has(action)) {
      skipped.push(`${actionWords[action]} is not allowed on this ticket`);
      continue;
    }
    if (!limit || limit.perAction === null) {
      skipped.push(`you have no ${input.currency} limit for ${actionWords[action]}`);
      continue;
    }
    let amount = new Big(limit.perAction).times(share);
    let capped = false;
    if (limit.remainingInPeriod !== null && amount.gt(limit.remainingInPeriod)) {
      amount = new Big(limit.remainingInPeriod);
      capped = true;
    }
    amount = amount.round(0, Big.roundDown);
    if (amount.lt(1)) {
      skipped.push(`nothing is left of your period allowance for ${actionWords[action]}`);
      continue;
    }
    if (skipped.length > 0) reasons.push(`Not the first choice: ${skipped.join('; ')}.`);
    reasons.push(
      `${actionWords[action][0]!.toUpperCase()}${actionWords[action].slice(1)} of ${formatMoney(amount)} ${input.currency}: ${share.times(100).toString()}% of your per-action limit of ${formatMoney(limit.perAction)} ${input.currency}${capped ? `, capped by what is left this period (${formatMoney(limit.remainingInPeriod ?? '0')})` : ''}, rounded down to whole units.`,
    );
    return {
      action,
      amount: formatMoney(amount),
      currency: input.currency,
      severity: tone.severity,
      ourMistake: input.ourMistake !== null,
      history: { ...input.history },
      reasons,
    };
  }
  return null;
}
