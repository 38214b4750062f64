/**
 * The automation timer (worker role): about once a minute it runs the time rules. For each enabled
 * time automation it asks SQL for the tickets whose anchor (created, updated, last message, pending
 * since, solved) is old enough, not merged, passing the conditions SQL can check (status,
 * priority, channel, team, assignee), with no run of that rule for that anchor value and no
 * override — at most `perRulePerPass` of them, continuing where the previous pass stopped so a
 * backlog of tickets whose other conditions fail cannot starve the rest. Business-hours rules
 * count the delay in the workspace's open hours. Each ticket then gets the engine's pass
 * (automations-engine.ts) with the event key `time:<anchor>`: a rule fires once per anchor
 * value, and again when the anchor moves (a ticket updated again).
 */
import { businessTimeBetween, type BusinessCalendar } from '@rapport/business-time/business-time';
import { AutomationConditions } from '@rapport/contracts/automations';
import type { AppDeps } from '../../platform/app-deps.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { loadBusinessCalendar } from '../business-hours/business-hours.ts';
import { currentAnchorKey, enabledTimeAutomations, timeCandidates } from './automation-engine.queries.ts';
import { runAutomationPass } from './automations-engine.ts';
import { timeOf } from './automations.ts';

export interface AutomationTimer {
  /** Runs a pass now; resolves when done (tests). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Where each rule's previous pass stopped (the keyset of its candidate list); absent: from the start. */
export type TimeRuleCursors = Map<string, { anchorAt: string; ticketId: string }>;

export const perRulePerPass = 500;
const minuteMs = 60_000;

/** One pass over every enabled time rule; returns the runs written. */
export async function runTimeAutomations(deps: Pick<AppDeps, 'db' | 'logger'>, now: Date, cursors: TimeRuleCursors = new Map(), options: { limit?: number } = {}): Promise<number> {
  const limit = options.limit ?? perRulePerPass;
  const calendars = new Map<string, BusinessCalendar>();
  let written = 0;
  for (const rule of await enabledTimeAutomations(deps.db)) {
    const time = timeOf(rule);
    const conditions = AutomationConditions.safeParse(rule.conditions);
    if (!time || !conditions.success) continue;
    const delayMs = time.afterMinutes * minuteMs;
    // Open time never exceeds calendar time: the calendar delay is a safe first filter.
    const dueBefore = new Date(now.getTime() - delayMs);
    const candidates = await timeCandidates(
      deps.db,
      { workspaceId: rule.workspaceId, automationId: rule.id, anchor: time.anchor, all: conditions.data.all },
      dueBefore,
      cursors.get(rule.id) ?? null,
      limit,
    );
    let calendar: BusinessCalendar | null = null;
    if (time.businessHours) {
      calendar = calendars.get(rule.workspaceId) ?? (await loadBusinessCalendar(deps.db, rule.workspaceId));
      calendars.set(rule.workspaceId, calendar);
    }
    let isCaughtUp = candidates.length < limit;
    for (const candidate of candidates) {
      // Later anchors have had less open time still: the first one not due ends this rule's pass.
      if (calendar && businessTimeBetween(calendar, candidate.anchorAt, now) < delayMs) {
        isCaughtUp = true;
        break;
      }
      written += await deps.db.transaction((tx) =>
        runAutomationPass(tx, deps.logger, {
          workspaceId: rule.workspaceId,
          ticketId: candidate.ticketId,
          trigger: 'time',
          eventKey: candidate.eventKey,
          rules: [rule],
          now,
          // The anchor may have moved since the candidates were read: only its current value counts.
          stillApplies: async (inner, ticket) => (await currentAnchorKey(inner, rule.workspaceId, ticket.id, time.anchor)) === candidate.eventKey,
        }),
      );
      cursors.set(rule.id, { anchorAt: candidate.eventKey.slice('time:'.length), ticketId: candidate.ticketId });
    }
    if (isCaughtUp) cursors.delete(rule.id);
  }
  return written;
}

export async function startAutomationTimer(deps: AppDeps, options: { pollMs?: number } = {}): Promise<AutomationTimer> {
  const cursors: TimeRuleCursors = new Map();
  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'automation-timer',
    channel: null,
    pollMs: options.pollMs ?? 60_000,
    drain: async () => {
      const count = await runTimeAutomations(deps, deps.clock.now(), cursors);
      if (count > 0) deps.logger.info({ runs: count }, 'time automations ran');
    },
  });
  return { drain: () => loop.kick(), stop: () => loop.stop() };
}
