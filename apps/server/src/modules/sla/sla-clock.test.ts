import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aroundTheClock, type BusinessCalendar } from '@rapport/business-time/business-time';
import { clockView, extendClock, matchPolicy, nextClock, overrideRefusal, planClocks, waiveClock, type SlaClock, type SlaPolicy, type SlaTicketFacts } from './sla-clock.ts';

const minute = 60_000;
const t0 = new Date('2025-03-03T09:00:00Z'); // a Monday
const at = (minutes: number) => new Date(t0.getTime() + minutes * minute);
const always: BusinessCalendar = aroundTheClock('UTC');
const office: BusinessCalendar = { timeZone: 'UTC', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };

const policy = (overrides: Partial<SlaPolicy> = {}): SlaPolicy => ({
  id: 'p1',
  name: 'Default',
  priorities: [],
  tiers: [],
  channels: [],
  firstReplyMinutes: 60,
  nextReplyMinutes: 30,
  resolutionMinutes: 480,
  businessHours: false,
  warnMinutes: 10,
  ...overrides,
});

const ticket = (overrides: Partial<SlaTicketFacts> = {}): SlaTicketFacts => ({
  id: 't1',
  number: 1,
  status: 'new',
  priority: 'normal',
  channel: 'email',
  tier: 'standard',
  createdAt: t0,
  firstReplyAt: null,
  solvedAt: null,
  mergedIntoId: null,
  lastAgentReplyAt: null,
  nextReplyStart: null,
  ...overrides,
});

function step(current: SlaClock | null, facts: SlaTicketFacts, now: Date, metric: SlaClock['metric'] = 'resolution', calendar = always, rule = policy()): SlaClock | null {
  return nextClock({ ticket: facts, metric, policy: rule, current, calendar, at: now });
}

describe('matchPolicy', () => {
  it('takes the first policy whose conditions all match; empty conditions match anything', () => {
    const urgent = policy({ id: 'urgent', priorities: ['urgent'] });
    const vip = policy({ id: 'vip', tiers: ['enterprise'], channels: ['email'] });
    const rest = policy({ id: 'rest' });
    expect(matchPolicy([urgent, vip, rest], ticket({ priority: 'urgent' }))?.id).toBe('urgent');
    expect(matchPolicy([urgent, vip, rest], ticket({ tier: 'enterprise' }))?.id).toBe('vip');
    expect(matchPolicy([urgent, vip, rest], ticket({ tier: 'enterprise', channel: 'chat' }))?.id).toBe('rest');
    expect(matchPolicy([urgent, vip], ticket())).toBeNull();
  });
});

describe('nextClock', () => {
  it('starts at creation and is due after the target, with the warning before it', () => {
    const clock = step(null, ticket(), at(0))!;
    expect(clock).toMatchObject({ elapsedMs: 0, runningSince: t0, dueAt: at(480), warnAt: at(470), stoppedAt: null });
  });

  it('pauses while pending and resumes with the time already counted', () => {
    let clock = step(null, ticket(), at(0))!;
    clock = step(clock, ticket({ status: 'pending' }), at(100))!;
    expect(clock).toMatchObject({ elapsedMs: 100 * minute, runningSince: null, dueAt: null, warnAt: null, stoppedAt: null });
    expect(clockView(clock, always, at(500)).state).toBe('paused');
    clock = step(clock, ticket({ status: 'open' }), at(1000))!;
    expect(clock).toMatchObject({ runningSince: at(1000), dueAt: at(1000 + 380) });
  });

  it('stops when solved (met in time, or breached at its due time when late) and resumes on reopening', () => {
    const started = step(null, ticket(), at(0))!;
    const met = step(started, ticket({ status: 'solved', solvedAt: at(200) }), at(200))!;
    expect(met).toMatchObject({ stoppedAt: at(200), breachedAt: null, elapsedMs: 200 * minute });
    expect(clockView(met, always, at(1000)).state).toBe('met');
    const late = step(started, ticket({ status: 'solved', solvedAt: at(500) }), at(500))!;
    expect(late).toMatchObject({ stoppedAt: at(500), breachedAt: at(480) });
    expect(clockView(late, always, at(1000)).state).toBe('breached');
    const reopened = step(met, ticket({ status: 'open' }), at(300))!;
    expect(reopened).toMatchObject({ stoppedAt: null, runningSince: at(300), dueAt: at(300 + 280), elapsedMs: 200 * minute });
  });

  it('first reply stops at the reply; next reply runs per exchange and resets for each new one', () => {
    const first = step(null, ticket({ firstReplyAt: at(30) }), at(30), 'first_reply')!;
    expect(first).toMatchObject({ stoppedAt: at(30), breachedAt: null });
    // Answered and no customer message since: no next-reply clock.
    expect(step(null, ticket({ firstReplyAt: at(30), lastAgentReplyAt: at(30) }), at(30), 'next_reply')).toBeNull();
    const cycle = step(null, ticket({ status: 'open', firstReplyAt: at(30), lastAgentReplyAt: at(30), nextReplyStart: at(100) }), at(100), 'next_reply')!;
    expect(cycle).toMatchObject({ startedAt: at(100), dueAt: at(130) });
    const answered = step(cycle, ticket({ status: 'open', firstReplyAt: at(30), lastAgentReplyAt: at(120) }), at(120), 'next_reply')!;
    expect(answered).toMatchObject({ startedAt: at(100), stoppedAt: at(120), breachedAt: null });
    const again = step(answered, ticket({ status: 'open', firstReplyAt: at(30), lastAgentReplyAt: at(120), nextReplyStart: at(200) }), at(200), 'next_reply')!;
    expect(again).toMatchObject({ startedAt: at(200), elapsedMs: 0, stoppedAt: null, dueAt: at(230) });
  });

  it('stops every clock of a merged ticket in its own cycle, and starts none', () => {
    const cycle = step(null, ticket({ status: 'open', firstReplyAt: at(30), lastAgentReplyAt: at(30), nextReplyStart: at(100) }), at(100), 'next_reply')!;
    const merged = ticket({ status: 'closed', firstReplyAt: at(30), lastAgentReplyAt: at(30), nextReplyStart: at(100), mergedIntoId: 't2' });
    expect(step(cycle, merged, at(110), 'next_reply')).toMatchObject({ startedAt: at(100), stoppedAt: at(110), breachedAt: null, elapsedMs: 10 * minute });
    expect(step(null, ticket({ mergedIntoId: 't2', status: 'closed' }), at(110), 'next_reply')).toBeNull();
    expect(step(step(null, ticket(), at(0)), ticket({ mergedIntoId: 't2', status: 'closed' }), at(50))).toMatchObject({ stoppedAt: at(50), breachedAt: null });
  });

  it('a clock stopped exactly at its due time is breached, as the monitor would say', () => {
    const started = step(null, ticket(), at(0))!;
    expect(step(started, ticket({ status: 'solved', solvedAt: at(480) }), at(480))).toMatchObject({ breachedAt: at(480) });
  });

  it('counts business hours only when the policy says so', () => {
    // Friday 16:30 + 60 business minutes → Monday 09:30.
    const friday = ticket({ createdAt: new Date('2025-03-07T16:30:00Z') });
    const clock = nextClock({ ticket: friday, metric: 'first_reply', policy: policy({ businessHours: true }), current: null, calendar: office, at: friday.createdAt })!;
    expect(clock.dueAt?.toISOString()).toBe('2025-03-10T09:30:00.000Z');
    const calendarTime = nextClock({ ticket: friday, metric: 'first_reply', policy: policy(), current: null, calendar: office, at: friday.createdAt })!;
    expect(calendarTime.dueAt?.toISOString()).toBe('2025-03-07T17:30:00.000Z');
  });

  it('drops the clock when no policy (or no target) applies any more', () => {
    const clock = step(null, ticket(), at(0))!;
    expect(nextClock({ ticket: ticket(), metric: 'resolution', policy: null, current: clock, calendar: always, at: at(5) })).toBeNull();
    expect(nextClock({ ticket: ticket(), metric: 'resolution', policy: policy({ resolutionMinutes: null }), current: clock, calendar: always, at: at(5) })).toBeNull();
    const plan = planClocks({ tickets: [ticket()], policies: [], calendar: always, clocks: [clock], at: at(5) });
    expect(plan).toEqual({ upserts: [], deletes: [{ ticketId: 't1', metric: 'resolution' }] });
  });

  it('writes nothing when nothing changed', () => {
    const clocks = planClocks({ tickets: [ticket()], policies: [policy()], calendar: always, clocks: [], at: at(0) }).upserts;
    expect(clocks.map((clock) => clock.metric).sort()).toEqual(['first_reply', 'resolution']);
    expect(planClocks({ tickets: [ticket()], policies: [policy()], calendar: always, clocks, at: at(50) })).toEqual({ upserts: [], deletes: [] });
  });

  it('pausing and resuming never changes the total counted time (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 12 }), (gaps) => {
        // Alternate open/pending at the given gaps (running periods are the even-indexed ones), within the target.
        let clock = step(null, ticket({ status: 'open' }), at(0))!;
        let now = 0;
        let counted = 0;
        gaps.forEach((gap, index) => {
          if (index % 2 === 0) counted += gap;
          now += gap;
          clock = step(clock, ticket({ status: index % 2 === 0 ? 'pending' : 'open' }), at(now))!;
        });
        const view = clockView(clock, always, at(now));
        return view.elapsedMs === counted * minute && (clock.runningSince === null || clock.dueAt!.getTime() === at(now).getTime() + (480 - counted) * minute);
      }),
    );
  });
});

describe('overrides by a person', () => {
  it('extend moves the due and warning times by the minutes added, and re-evaluation keeps them', () => {
    const clock = step(null, ticket(), at(0))!;
    const extended = extendClock(clock, always, 120, at(100));
    expect(extended).toMatchObject({ extraMinutes: 120, dueAt: at(600), warnAt: at(590), breachedAt: null });
    // Any later change (a new policy target included) keeps the extra minutes of this cycle.
    const later = step(extended, ticket({ status: 'open' }), at(200), 'resolution', always, policy({ resolutionMinutes: 240 }))!;
    expect(later).toMatchObject({ extraMinutes: 120, targetMinutes: 240, dueAt: at(360) });
    // Extensions add up.
    expect(extendClock(extended, always, 30, at(150))).toMatchObject({ extraMinutes: 150, dueAt: at(630) });
  });

  it('a stop between the old and the new due time is no breach', () => {
    const extended = extendClock(step(null, ticket(), at(0))!, always, 60, at(10));
    const solved = step(extended, ticket({ status: 'solved', solvedAt: at(500) }), at(500))!;
    expect(solved).toMatchObject({ stoppedAt: at(500), breachedAt: null });
    expect(clockView(solved, always, at(600)).state).toBe('met');
  });

  it('a recorded breach stays unless the new due time is in the future', () => {
    const breached = { ...step(null, ticket(), at(0))!, breachedAt: at(480), warnedAt: at(470) };
    const notEnough = extendClock(breached, always, 10, at(600));
    expect(notEnough).toMatchObject({ dueAt: at(490), breachedAt: at(480), warnedAt: at(470) });
    const enough = extendClock(breached, always, 180, at(600));
    expect(enough).toMatchObject({ dueAt: at(660), warnAt: at(650), breachedAt: null, warnedAt: null });
    expect(clockView(enough, always, at(600)).state).toBe('running');
    // The warning window already started: the warning stays on record.
    expect(extendClock(breached, always, 125, at(600))).toMatchObject({ dueAt: at(605), breachedAt: null, warnedAt: at(470) });
  });

  it('extending a paused clock clears a breach when time is left', () => {
    const paused = { ...step(step(null, ticket(), at(0)), ticket({ status: 'pending' }), at(500))!, breachedAt: at(480) };
    expect(extendClock(paused, always, 30, at(600))).toMatchObject({ breachedAt: null, dueAt: null, extraMinutes: 30 });
    expect(extendClock(paused, always, 10, at(600))).toMatchObject({ breachedAt: at(480) });
  });

  it('waive stops the clock for good: no due or warning time, and it stays stopped', () => {
    const clock = step(null, ticket(), at(0))!;
    const waived = waiveClock(clock, always, at(100));
    expect(waived).toMatchObject({ waivedAt: at(100), stoppedAt: at(100), runningSince: null, dueAt: null, warnAt: null, elapsedMs: 100 * minute, breachedAt: null });
    // Pending, reopened, solved late: still waived, never breached.
    for (const facts of [ticket({ status: 'pending' }), ticket({ status: 'open' }), ticket({ status: 'solved', solvedAt: at(900) })]) {
      expect(step(waived, facts, at(900))).toMatchObject({ waivedAt: at(100), stoppedAt: at(100), dueAt: null, warnAt: null, breachedAt: null });
    }
    expect(planClocks({ tickets: [ticket({ status: 'open' })], policies: [policy({ firstReplyMinutes: null })], calendar: always, clocks: [waived], at: at(900) })).toEqual({ upserts: [], deletes: [] });
    expect(overrideRefusal(waived, 'waive')).not.toBeNull();
    expect(overrideRefusal(waived, 'extend')).not.toBeNull();
  });

  it('waiving after the due time passed records the breach that happened', () => {
    const clock = step(null, ticket(), at(0))!;
    expect(waiveClock(clock, always, at(500))).toMatchObject({ breachedAt: at(480), waivedAt: at(500) });
  });

  it('a new next-reply cycle starts clean', () => {
    const cycle = step(null, ticket({ status: 'open', firstReplyAt: at(30), lastAgentReplyAt: at(30), nextReplyStart: at(100) }), at(100), 'next_reply')!;
    const waived = waiveClock(extendClock(cycle, always, 15, at(105)), always, at(110));
    const again = step(waived, ticket({ status: 'open', firstReplyAt: at(30), lastAgentReplyAt: at(120), nextReplyStart: at(200) }), at(200), 'next_reply')!;
    expect(again).toMatchObject({ startedAt: at(200), extraMinutes: 0, waivedAt: null, dueAt: at(230) });
  });

  it('only running or paused clocks can be extended', () => {
    const clock = step(null, ticket(), at(0))!;
    expect(overrideRefusal(clock, 'extend')).toBeNull();
    const met = step(clock, ticket({ status: 'solved', solvedAt: at(10) }), at(10))!;
    expect(overrideRefusal(met, 'extend')).toMatch(/stopped/);
    expect(overrideRefusal(met, 'waive')).toBeNull();
  });
});
