/**
 * The SLA clocks of a ticket as a pure state machine (issue 7 part 1). Given what is true of the
 * ticket now (status, first reply, the customer's unanswered message, its policy) and its stored
 * clocks, `planClocks` says which clock rows to write or delete. Stored state per clock: the
 * counted time before `runningSince` (`elapsedMs`), and while running its due and warning times.
 *
 *   first reply: from creation until the first public agent reply;
 *   next reply:  from the customer's first message after our latest reply until our next reply;
 *                each such exchange is a new cycle (the row is reset);
 *   resolution:  from creation until solved; reopening resumes it with the time already counted.
 *
 * Every clock pauses while the ticket is pending (waiting on the customer, P10) and stops when the
 * ticket is solved or closed. Times count in business hours (the workspace calendar) or around the
 * clock, as the policy says. Breaches and warnings of running clocks are found by the SLA monitor
 * (their due/warn time passed); a clock that stops after its due time is breached at its due time.
 *
 * A person may override a clock (P7, with a reason): `extendClock` adds minutes to its target (kept
 * across re-evaluations within the cycle), `waiveClock` stops it for good (it never warns or
 * breaches again; a breach already recorded stays on record). A new next-reply cycle starts clean.
 */
import { addBusinessTime, aroundTheClock, businessTimeBetween, type BusinessCalendar } from '@rapport/business-time/business-time';

export type SlaMetric = 'first_reply' | 'next_reply' | 'resolution';
export const slaMetrics: readonly SlaMetric[] = ['first_reply', 'next_reply', 'resolution'];

export interface SlaPolicy {
  id: string;
  name: string;
  priorities: readonly string[];
  tiers: readonly string[];
  channels: readonly string[];
  firstReplyMinutes: number | null;
  nextReplyMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
  warnMinutes: number;
}

export interface SlaTicketFacts {
  id: string;
  number: number;
  status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
  priority: string;
  channel: string;
  tier: string;
  createdAt: Date;
  firstReplyAt: Date | null;
  solvedAt: Date | null;
  mergedIntoId: string | null;
  /** Our latest public reply (not withdrawn). */
  lastAgentReplyAt: Date | null;
  /** The customer's first message after our latest reply: the start of the next-reply cycle. */
  nextReplyStart: Date | null;
}

export interface SlaClock {
  ticketId: string;
  metric: SlaMetric;
  policyId: string | null;
  targetMinutes: number;
  warnMinutes: number;
  businessHours: boolean;
  startedAt: Date;
  elapsedMs: number;
  runningSince: Date | null;
  dueAt: Date | null;
  warnAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  /** Minutes a person added to the target (overrides), within this cycle. */
  extraMinutes: number;
  /** A person waived the clock: it is stopped and never warns or breaches. */
  waivedAt: Date | null;
}

export interface ClockPlan {
  upserts: SlaClock[];
  deletes: { ticketId: string; metric: SlaMetric }[];
}

/** The first policy (in order) whose conditions all match; an empty condition matches anything. */
export function matchPolicy(policies: readonly SlaPolicy[], ticket: Pick<SlaTicketFacts, 'priority' | 'tier' | 'channel'>): SlaPolicy | null {
  const matches = (values: readonly string[], value: string) => values.length === 0 || values.includes(value);
  return policies.find((policy) => matches(policy.priorities, ticket.priority) && matches(policy.tiers, ticket.tier) && matches(policy.channels, ticket.channel)) ?? null;
}

function targetOf(policy: SlaPolicy, metric: SlaMetric): number | null {
  if (metric === 'first_reply') return policy.firstReplyMinutes;
  if (metric === 'next_reply') return policy.nextReplyMinutes;
  return policy.resolutionMinutes;
}

type Desired = { state: 'running' } | { state: 'paused' } | { state: 'stopped'; at: Date };

const isClosed = (status: SlaTicketFacts['status']) => status === 'solved' || status === 'closed';

/**
 * What the clock of `metric` should be doing now, and since when its cycle runs (null: the stored
 * cycle, whichever it is, without starting one); null = no clock.
 */
function desiredOf(ticket: SlaTicketFacts, metric: SlaMetric, at: Date): { start: Date | null; desired: Desired } | null {
  const stopAt = ticket.solvedAt ?? at;
  const openState = (): Desired => (isClosed(ticket.status) ? { state: 'stopped', at: stopAt } : ticket.status === 'pending' ? { state: 'paused' } : { state: 'running' });
  if (ticket.mergedIntoId) {
    // Merged away: whatever runs stops now (a next-reply clock only if it exists, in its own cycle).
    if (metric === 'next_reply') return ticket.firstReplyAt ? { start: null, desired: { state: 'stopped', at } } : null;
    return { start: ticket.createdAt, desired: { state: 'stopped', at } };
  }
  if (metric === 'first_reply') {
    if (ticket.firstReplyAt) return { start: ticket.createdAt, desired: { state: 'stopped', at: ticket.firstReplyAt } };
    return { start: ticket.createdAt, desired: openState() };
  }
  if (metric === 'next_reply') {
    if (!ticket.firstReplyAt) return null;
    if (ticket.nextReplyStart) return { start: ticket.nextReplyStart, desired: openState() };
    // Answered: the running cycle (if any) stopped at our latest reply; no new clock.
    return ticket.lastAgentReplyAt ? { start: null, desired: { state: 'stopped', at: ticket.lastAgentReplyAt } } : null;
  }
  return { start: ticket.createdAt, desired: openState() };
}

const minuteMs = 60_000;

function counterFor(calendar: BusinessCalendar, businessHours: boolean): BusinessCalendar {
  return businessHours ? calendar : aroundTheClock(calendar.timeZone);
}

/** Counted milliseconds in [from, to). */
function counted(calendar: BusinessCalendar, from: Date, to: Date): number {
  return to.getTime() > from.getTime() ? businessTimeBetween(calendar, from, to) : 0;
}

/** The target that counts: the policy's plus what people added. */
export function effectiveTargetMs(clock: Pick<SlaClock, 'targetMinutes' | 'extraMinutes'>): number {
  return (clock.targetMinutes + clock.extraMinutes) * minuteMs;
}

/** Due and warning times of a running clock. */
function withDueTimes(clock: SlaClock, calendar: BusinessCalendar): SlaClock {
  if (!clock.runningSince || clock.stoppedAt || clock.waivedAt) return { ...clock, dueAt: null, warnAt: null };
  const remaining = effectiveTargetMs(clock) - clock.elapsedMs;
  const dueAt = addBusinessTime(calendar, clock.runningSince, remaining);
  const warnAt = clock.warnMinutes > 0 ? addBusinessTime(calendar, clock.runningSince, remaining - clock.warnMinutes * minuteMs) : null;
  return { ...clock, dueAt, warnAt: warnAt ?? null };
}

/** A clock that stops at `at`: counts up to it, and is breached at its due time when it was late. */
function stopped(clock: SlaClock, calendar: BusinessCalendar, at: Date): SlaClock {
  let { elapsedMs, breachedAt } = clock;
  if (clock.runningSince) {
    const stopAt = at.getTime() > clock.runningSince.getTime() ? at : clock.runningSince;
    const before = elapsedMs;
    elapsedMs += counted(calendar, clock.runningSince, stopAt);
    // Reaching the target exactly is a breach, as for the monitor (due_at <= now).
    if (!breachedAt && !clock.waivedAt && elapsedMs >= effectiveTargetMs(clock)) {
      breachedAt = addBusinessTime(calendar, clock.runningSince, effectiveTargetMs(clock) - before) ?? stopAt;
    }
  }
  return { ...clock, elapsedMs, breachedAt, runningSince: null, stoppedAt: at, dueAt: null, warnAt: null };
}

function sameClock(left: SlaClock, right: SlaClock): boolean {
  const time = (value: Date | null) => value?.getTime() ?? null;
  return (
    left.policyId === right.policyId &&
    left.targetMinutes === right.targetMinutes &&
    left.warnMinutes === right.warnMinutes &&
    left.businessHours === right.businessHours &&
    time(left.startedAt) === time(right.startedAt) &&
    left.elapsedMs === right.elapsedMs &&
    time(left.runningSince) === time(right.runningSince) &&
    time(left.dueAt) === time(right.dueAt) &&
    time(left.warnAt) === time(right.warnAt) &&
    time(left.warnedAt) === time(right.warnedAt) &&
    time(left.breachedAt) === time(right.breachedAt) &&
    time(left.stoppedAt) === time(right.stoppedAt) &&
    left.extraMinutes === right.extraMinutes &&
    time(left.waivedAt) === time(right.waivedAt)
  );
}

/** The next state of one clock (null = it should not exist). */
export function nextClock(input: {
  ticket: SlaTicketFacts;
  metric: SlaMetric;
  policy: SlaPolicy | null;
  current: SlaClock | null;
  calendar: BusinessCalendar;
  at: Date;
}): SlaClock | null {
  const { ticket, metric, policy, at } = input;
  const target = policy ? targetOf(policy, metric) : null;
  const wanted = desiredOf(ticket, metric, at);
  if (!policy || target === null || !wanted) return null;
  const calendar = counterFor(input.calendar, policy.businessHours);
  const settings = { policyId: policy.id, targetMinutes: target, warnMinutes: policy.warnMinutes, businessHours: policy.businessHours };
  let current = input.current;
  // A new next-reply cycle (the customer wrote again after our reply) starts a fresh clock.
  if (current && wanted.start && current.startedAt.getTime() !== wanted.start.getTime()) current = null;
  if (!current) {
    if (!wanted.start) return null;
    const fresh: SlaClock = {
      ticketId: ticket.id,
      metric,
      ...settings,
      startedAt: wanted.start,
      elapsedMs: 0,
      runningSince: wanted.start,
      dueAt: null,
      warnAt: null,
      warnedAt: null,
      breachedAt: null,
      stoppedAt: null,
      extraMinutes: 0,
      waivedAt: null,
    };
    if (wanted.desired.state === 'stopped') return stopped(fresh, calendar, wanted.desired.at);
    if (wanted.desired.state === 'paused') return withDueTimes({ ...stopped(fresh, calendar, at), stoppedAt: null }, calendar);
    return withDueTimes(fresh, calendar);
  }
  let clock: SlaClock = { ...current, ...settings };
  // Waived by a person: it stays stopped whatever the ticket does (until a new cycle replaces it).
  if (clock.waivedAt) return { ...clock, runningSince: null, stoppedAt: clock.stoppedAt ?? clock.waivedAt, dueAt: null, warnAt: null };
  const state = clock.stoppedAt ? 'stopped' : clock.runningSince ? 'running' : 'paused';
  const desired = wanted.desired;
  if (desired.state === 'stopped') {
    if (state !== 'stopped') clock = stopped(clock, calendar, desired.at);
  } else if (desired.state === 'paused') {
    if (state === 'running') clock = { ...stopped(clock, calendar, at), stoppedAt: null };
    else if (state === 'stopped') clock = { ...clock, stoppedAt: null };
  } else if (state !== 'running') {
    // Resumed (the customer answered, or the ticket was reopened): counting goes on from now.
    clock = { ...clock, stoppedAt: null, runningSince: at };
  }
  return withDueTimes(clock, calendar);
}

/** Which clock rows change for these tickets at `at`. */
export function planClocks(input: {
  tickets: readonly SlaTicketFacts[];
  policies: readonly SlaPolicy[];
  calendar: BusinessCalendar;
  clocks: readonly SlaClock[];
  at: Date;
}): ClockPlan {
  const existing = new Map(input.clocks.map((clock) => [`${clock.ticketId}|${clock.metric}`, clock]));
  const plan: ClockPlan = { upserts: [], deletes: [] };
  for (const ticket of input.tickets) {
    const policy = matchPolicy(input.policies, ticket);
    for (const metric of slaMetrics) {
      const current = existing.get(`${ticket.id}|${metric}`) ?? null;
      const next = nextClock({ ticket, metric, policy, current, calendar: input.calendar, at: input.at });
      if (!next) {
        if (current) plan.deletes.push({ ticketId: ticket.id, metric });
      } else if (!current || !sameClock(current, next)) {
        plan.upserts.push(next);
      }
    }
  }
  return plan;
}

// ---- Overrides by a person (P7) -------------------------------------------------------------

/** Why an override cannot apply to this clock; null when it can. */
export function overrideRefusal(clock: SlaClock, action: 'extend' | 'waive'): string | null {
  if (clock.waivedAt) return 'This clock is already waived.';
  if (action === 'extend' && clock.stoppedAt) return 'This clock has stopped; there is no time left to extend.';
  return null;
}

/**
 * Adds `minutes` to a running or paused clock's target. Its due and warning times move; a breach
 * already recorded is cleared only when the clock is back within its target (the new due time is
 * in the future, or a paused clock has time left), and a passed warning likewise.
 */
export function extendClock(clock: SlaClock, calendar: BusinessCalendar, minutes: number, at: Date): SlaClock {
  const counter = counterFor(calendar, clock.businessHours);
  const extended = withDueTimes({ ...clock, extraMinutes: clock.extraMinutes + minutes }, counter);
  const elapsed = extended.elapsedMs + (extended.runningSince ? counted(counter, extended.runningSince, at) : 0);
  const withinTarget = extended.dueAt ? extended.dueAt.getTime() > at.getTime() : elapsed < effectiveTargetMs(extended);
  const warnPassed = extended.warnAt !== null && extended.warnAt.getTime() <= at.getTime();
  return {
    ...extended,
    breachedAt: withinTarget ? null : extended.breachedAt,
    warnedAt: withinTarget && !warnPassed ? null : extended.warnedAt,
  };
}

/**
 * Stops a clock for good: counted up to `at`, no due or warning time any more. A due time that had
 * already passed is a breach that happened (recorded at its due time, as the monitor would have).
 */
export function waiveClock(clock: SlaClock, calendar: BusinessCalendar, at: Date): SlaClock {
  const counter = counterFor(calendar, clock.businessHours);
  const elapsedMs = clock.elapsedMs + (clock.runningSince && !clock.stoppedAt ? counted(counter, clock.runningSince, at) : 0);
  const missed = !clock.breachedAt && clock.dueAt !== null && clock.dueAt.getTime() <= at.getTime();
  return {
    ...clock,
    elapsedMs,
    breachedAt: missed ? clock.dueAt : clock.breachedAt,
    runningSince: null,
    stoppedAt: clock.stoppedAt ?? at,
    dueAt: null,
    warnAt: null,
    waivedAt: at,
  };
}

export type SlaState = 'running' | 'paused' | 'met' | 'breached';

/** How a clock reads to a person at `now`. */
export function clockView(clock: SlaClock, calendar: BusinessCalendar, now: Date): { state: SlaState; elapsedMs: number; warning: boolean } {
  const counter = counterFor(calendar, clock.businessHours);
  const elapsedMs = clock.elapsedMs + (clock.runningSince && !clock.stoppedAt ? counted(counter, clock.runningSince, now) : 0);
  const breached = clock.breachedAt !== null || (clock.dueAt !== null && clock.dueAt.getTime() <= now.getTime());
  const state: SlaState = breached ? 'breached' : clock.stoppedAt ? 'met' : clock.runningSince ? 'running' : 'paused';
  const warning = !clock.stoppedAt && (breached || (clock.runningSince !== null && clock.warnAt !== null && clock.warnAt.getTime() <= now.getTime()));
  return { state, elapsedMs, warning };
}
