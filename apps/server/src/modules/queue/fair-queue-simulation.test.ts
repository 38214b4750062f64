/**
 * P17 proof by simulation: a team of agents takes "next ticket" by the queue key while small
 * (standard) and big (enterprise) customers write in at a steady rate, then the big customers
 * flood the queue at 10× their rate for an hour. Small customers' p90 first-reply wait must stay
 * within 1.5× the big customers'; a plain "big customers first" order (an unbounded tier weight)
 * must fail the same criterion in the same simulation, and no ticket may wait without bound.
 *
 * Pure and deterministic: a seeded generator, a discrete-event loop, no database, no clock.
 *
 * Measured (20 pooled days, seeds 17…36): fair order small p90 120.5 min vs big 97.9 min (1.23×),
 * longest wait 188 min; "big customers first" small p90 155.8 min vs big 82.6 min (1.89×), longest
 * small-customer wait 240 min.
 *
 * What the bound guarantees is additive: at the same priority and without SLAs, a big customer's
 * ticket goes before a small customer's only if it arrived less than the tier cap (30 min) after
 * it, so the small customer's extra wait is about the cap at most. As a ratio that is tight only
 * when waits are long (as in this flood); with a short queue both tiers wait little.
 */
import { describe, expect, it } from 'vitest';
import { maxTierCreditMinutes, priorityTargetMinutes, queueKeyMs, type QueuePriority, type QueueTier } from './queue-order.ts';

const minute = 60_000;
const start = Date.parse('2026-05-04T08:00:00Z');

interface Arrival {
  id: number;
  /** Minutes after the start. */
  at: number;
  tier: QueueTier;
  priority: QueuePriority;
}

interface Served extends Arrival {
  /** Minutes from arrival to the first reply (waiting in the queue + the agent's handling time). */
  firstReplyWait: number;
}

/** mulberry32: small, fast, good enough for a simulation, same sequence for the same seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson arrivals at `perHour` in [from, to) minutes. */
function poisson(next: () => number, perHour: number, from: number, to: number, tier: QueueTier): Omit<Arrival, 'id'>[] {
  const out: Omit<Arrival, 'id'>[] = [];
  let at = from;
  for (;;) {
    at += (-Math.log(1 - next()) / perHour) * 60;
    if (at >= to) return out;
    out.push({ at, tier, priority: next() < 0.2 ? 'high' : 'normal' });
  }
}

interface Scenario {
  seed: number;
  agents: number;
  /** Minutes an agent needs per first reply: the team's fixed capacity. */
  handlingMinutes: number;
  hours: number;
  standardPerHour: number;
  enterprisePerHour: number;
  flood: { fromHour: number; multiplier: number };
}

/** One working day. Many small customers, a few big ones; the team copes easily until the flood. */
const scenario: Scenario = {
  seed: 17,
  agents: 3,
  handlingMinutes: 10, // 3 agents × 6 replies an hour = 18 an hour; the steady load is 10 an hour
  hours: 8,
  standardPerHour: 6,
  enterprisePerHour: 4,
  flood: { fromHour: 2, multiplier: 10 }, // 40 enterprise tickets an hour, more than twice the team's capacity
};

/**
 * Percentiles of one day rest on a handful of small-customer tickets (p90 of ~50 is the 5th
 * worst), so the test pools 20 such days (seeds 17…36), each with its own flood.
 */
const days = 20;

function arrivals(input: Scenario): Arrival[] {
  const next = random(input.seed);
  const end = input.hours * 60;
  const floodFrom = input.flood.fromHour * 60;
  const all = [
    ...poisson(next, input.standardPerHour, 0, end, 'standard'),
    ...poisson(next, input.enterprisePerHour, 0, floodFrom, 'enterprise'),
    ...poisson(next, input.enterprisePerHour * input.flood.multiplier, floodFrom, floodFrom + 60, 'enterprise'),
    ...poisson(next, input.enterprisePerHour, floodFrom + 60, end, 'enterprise'),
  ].sort((left, right) => left.at - right.at);
  return all.map((arrival, id) => ({ ...arrival, id }));
}

/** Smaller is served first; ties by arrival. */
type Order = (ticket: Arrival) => number;

/** The fair queue: the real key function, in epoch milliseconds. */
const fairOrder: Order = (ticket) => queueKeyMs({ priority: ticket.priority, tier: ticket.tier, waitingSince: new Date(start + ticket.at * minute), replyDueAt: null });

/** "Big customers first": the same key, but any enterprise ticket before any standard one (an unbounded tier weight). */
const bigFirstOrder: Order = (ticket) => (ticket.tier === 'enterprise' ? -1e15 : 0) + fairOrder(ticket);

/** A work-conserving team: whenever an agent is free and the queue is not empty, they take the smallest key. */
function simulate(input: Scenario, order: Order): Served[] {
  const incoming = arrivals(input);
  const freeAt = new Array<number>(input.agents).fill(0);
  const queue: { ticket: Arrival; key: number }[] = [];
  const served: Served[] = [];
  let nextArrival = 0;
  while (nextArrival < incoming.length || queue.length > 0) {
    let agent = 0;
    for (let index = 1; index < freeAt.length; index += 1) if ((freeAt[index] ?? 0) < (freeAt[agent] ?? 0)) agent = index;
    let now = freeAt[agent] ?? 0;
    const upcoming = incoming[nextArrival];
    if (queue.length === 0 && upcoming && upcoming.at > now) now = upcoming.at;
    for (let ticket = incoming[nextArrival]; ticket && ticket.at <= now; ticket = incoming[nextArrival]) {
      queue.push({ ticket, key: order(ticket) });
      nextArrival += 1;
    }
    let best = 0;
    for (let index = 1; index < queue.length; index += 1) {
      const candidate = queue[index];
      const current = queue[best];
      if (candidate && current && (candidate.key < current.key || (candidate.key === current.key && candidate.ticket.at < current.ticket.at))) best = index;
    }
    const [taken] = queue.splice(best, 1);
    if (!taken) throw new Error('unreachable: the queue was not empty');
    freeAt[agent] = now + input.handlingMinutes;
    served.push({ ...taken.ticket, firstReplyWait: now + input.handlingMinutes - taken.ticket.at });
  }
  return served;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}

function byTier(served: readonly Served[]) {
  const waits = (tier: QueueTier) => served.filter((ticket) => ticket.tier === tier).map((ticket) => ticket.firstReplyWait);
  const small = waits('standard');
  const big = waits('enterprise');
  return {
    smallCount: small.length,
    bigCount: big.length,
    smallP90: percentile(small, 0.9),
    bigP90: percentile(big, 0.9),
    smallMax: Math.max(...small),
    bigMax: Math.max(...big),
    max: Math.max(...small, ...big),
  };
}

function simulateDays(order: Order): Served[] {
  return Array.from({ length: days }, (_, day) => simulate({ ...scenario, seed: scenario.seed + day }, order)).flat();
}

describe('fair queue simulation (P17)', () => {
  const fair = simulateDays(fairOrder);
  const bigFirst = simulateDays(bigFirstOrder);
  const fairFigures = byTier(fair);
  const bigFirstFigures = byTier(bigFirst);

  it('serves every ticket, and the flood really overloads the team', () => {
    const incoming = Array.from({ length: days }, (_, day) => arrivals({ ...scenario, seed: scenario.seed + day })).flat();
    expect(fair).toHaveLength(incoming.length);
    expect(bigFirst).toHaveLength(incoming.length);
    const floodTickets = incoming.filter((ticket) => ticket.tier === 'enterprise' && ticket.at >= 120 && ticket.at < 180).length / days;
    const capacityPerHour = (scenario.agents * 60) / scenario.handlingMinutes;
    expect(floodTickets).toBeGreaterThan(2 * capacityPerHour);
    // Big customers do wait for the flood: the criterion below is about sharing that wait fairly.
    expect(fairFigures.bigP90).toBeGreaterThan(2 * maxTierCreditMinutes);
  });

  it("keeps small customers' p90 first-reply wait within 1.5× the big customers' during a 10× flood", () => {
    expect(fairFigures.smallP90).toBeLessThanOrEqual(1.5 * fairFigures.bigP90);
  });

  it('lets big customers come first, boundedly: their p90 is no worse than the small customers\'', () => {
    expect(fairFigures.bigP90).toBeLessThanOrEqual(fairFigures.smallP90 + maxTierCreditMinutes);
  });

  it('fails the same criterion with a plain "big customers first" order (the bound is what matters)', () => {
    expect(bigFirstFigures.smallP90).toBeGreaterThan(1.5 * bigFirstFigures.bigP90);
  });

  it('bounds the longest wait (no starvation), unlike "big customers first" for small customers', () => {
    // Earliest-deadline-first: even in the flood every ticket got its first reply before its own
    // priority target ran out, and the longest small-customer wait is shorter than under "big first".
    for (const ticket of fair) expect(ticket.firstReplyWait).toBeLessThan(priorityTargetMinutes[ticket.priority] + scenario.handlingMinutes);
    expect(fairFigures.smallMax).toBeLessThan(bigFirstFigures.smallMax);
  });

  it('is deterministic for a seed', () => {
    expect(byTier(simulateDays(fairOrder))).toEqual(fairFigures);
  });
});
