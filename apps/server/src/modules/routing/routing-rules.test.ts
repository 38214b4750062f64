import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAssignee, hasSkills, isRoutable, primaryLanguage, rotation, speaks, type RoutingCandidate, type RoutingInput, type RoutingTeam, type RoutingTicket } from './routing-rules.ts';

const teamId = '00000000-0000-4000-8000-00000000000a';
const fallbackId = '00000000-0000-4000-8000-00000000000f';
const userId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const ticket = (overrides: Partial<RoutingTicket> = {}): RoutingTicket => ({
  status: 'new',
  assigneeId: null,
  teamId,
  language: null,
  requiredSkills: [],
  routingFlag: null,
  mergedIntoId: null,
  autoRouting: true,
  ...overrides,
});
const team = (overrides: Partial<RoutingTeam> = {}): RoutingTeam => ({ id: teamId, mode: 'round_robin', fallbackTeamId: null, lastAssignedUserId: null, ...overrides });
const agent = (n: number, overrides: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  userId: userId(n),
  availability: 'online',
  languages: ['en'],
  skills: [],
  openTickets: 0,
  maxOpenTickets: null,
  teamIds: [teamId],
  ...overrides,
});
const input = (overrides: Partial<RoutingInput> = {}): RoutingInput => ({ ticket: ticket(), team: team(), fallback: null, candidates: [], trigger: 'event', ...overrides });

describe('routing rules', () => {
  it('compares languages by their primary subtag; no declared language speaks none', () => {
    expect(primaryLanguage('fr-CA')).toBe('fr');
    expect(primaryLanguage(' PT_br ')).toBe('pt');
    expect(speaks({ languages: ['fr'] }, 'fr-CA')).toBe(true);
    expect(speaks({ languages: ['FR-be'] }, 'fr')).toBe(true);
    expect(speaks({ languages: [] }, 'en')).toBe(false);
    expect(hasSkills({ skills: ['Billing', 'refunds'] }, ['billing'])).toBe(true);
    expect(hasSkills({ skills: ['billing'] }, ['billing', 'refunds'])).toBe(false);
  });

  it('routes only new or open tickets that nobody has', () => {
    expect(isRoutable(ticket())).toBe(true);
    expect(isRoutable(ticket({ status: 'open' }))).toBe(true);
    expect(isRoutable(ticket({ status: 'pending' }))).toBe(false);
    expect(isRoutable(ticket({ assigneeId: userId(1) }))).toBe(false);
    expect(isRoutable(ticket({ mergedIntoId: userId(9) }))).toBe(false);
    expect(chooseAssignee(input({ ticket: ticket({ assigneeId: userId(1) }), candidates: [agent(2)] })).reason).toBe('already_assigned');
  });

  it('leaves a ticket routed by hand (auto-routing off) alone on events, but routes it when a person asks', () => {
    const candidates = [agent(1)];
    const off = ticket({ autoRouting: false });
    const decision = chooseAssignee(input({ ticket: off, candidates }));
    expect(decision).toMatchObject({ assigneeId: null, teamId, reason: 'auto_routing_off', pointer: null });
    // Not even a language miss moves it to the fallback team.
    const french = ticket({ autoRouting: false, language: 'fr' });
    expect(chooseAssignee(input({ ticket: french, team: team({ fallbackTeamId: fallbackId }), fallback: team({ id: fallbackId }), candidates })).teamId).toBe(teamId);
    expect(chooseAssignee(input({ ticket: off, candidates, trigger: 'manual' })).assigneeId).toBe(userId(1));
    expect(chooseAssignee(input({ ticket: ticket(), candidates })).assigneeId).toBe(userId(1));
  });

  it('leaves a manual team alone on events, and load-balances when a person asks', () => {
    const candidates = [agent(1, { openTickets: 3 }), agent(2, { openTickets: 1 })];
    expect(chooseAssignee(input({ team: team({ mode: 'manual' }), candidates })).reason).toBe('not_routable');
    expect(chooseAssignee(input({ team: team({ mode: 'manual' }), candidates, trigger: 'manual' })).assigneeId).toBe(userId(2));
    // Without a team: only by hand, among every member.
    expect(chooseAssignee(input({ ticket: ticket({ teamId: null }), team: null, candidates })).reason).toBe('not_routable');
    expect(chooseAssignee(input({ ticket: ticket({ teamId: null }), team: null, candidates: [agent(3, { teamIds: [] })], trigger: 'manual' })).assigneeId).toBe(userId(3));
  });

  it('round-robin takes the next member after the pointer, skipping ineligible ones, and wraps', () => {
    const candidates = [agent(1), agent(2, { availability: 'away' }), agent(3, { maxOpenTickets: 2, openTickets: 2 }), agent(4)];
    const decide = (pointer: string | null) => chooseAssignee(input({ team: team({ lastAssignedUserId: pointer }), candidates })).assigneeId;
    expect(decide(null)).toBe(userId(1));
    expect(decide(userId(1))).toBe(userId(4));
    expect(decide(userId(4))).toBe(userId(1));
    // A pointer at someone who left the team still continues after their place.
    expect(decide(userId(2))).toBe(userId(4));
    expect(chooseAssignee(input({ candidates })).pointer).toEqual({ teamId, userId: userId(1) });
  });

  it('load-balanced takes the fewest open tickets below the max; ties take turns after the pointer', () => {
    const candidates = [agent(1, { openTickets: 2 }), agent(2, { openTickets: 1, maxOpenTickets: 1 }), agent(3, { openTickets: 2 }), agent(4, { openTickets: 5 })];
    const decide = (pointer: string | null) => chooseAssignee(input({ team: team({ mode: 'load_balanced', lastAssignedUserId: pointer }), candidates })).assigneeId;
    expect(decide(null)).toBe(userId(1));
    expect(decide(userId(1))).toBe(userId(3));
    expect(decide(userId(3))).toBe(userId(1));
    const full = [agent(1, { openTickets: 3, maxOpenTickets: 3 })];
    expect(chooseAssignee(input({ team: team({ mode: 'load_balanced' }), candidates: full })).reason).toBe('at_capacity');
  });

  it('says why nobody got the ticket', () => {
    expect(chooseAssignee(input({ candidates: [agent(1, { teamIds: [] })] })).reason).toBe('no_members');
    expect(chooseAssignee(input({ candidates: [agent(1, { availability: 'away' }), agent(2, { availability: 'offline' })] })).reason).toBe('none_online');
    expect(chooseAssignee(input({ ticket: ticket({ requiredSkills: ['billing'] }), candidates: [agent(1)] })).reason).toBe('missing_skills');
    expect(chooseAssignee(input({ ticket: ticket({ requiredSkills: ['billing'] }), candidates: [agent(1), agent(2, { skills: ['billing'] })] })).assigneeId).toBe(userId(2));
  });

  it('sends a ticket in a language nobody online speaks to the fallback team, flagged', () => {
    const candidates = [
      agent(1, { languages: ['en'] }),
      agent(2, { languages: ['fr'], availability: 'offline' }),
      agent(3, { languages: ['de'], teamIds: [fallbackId] }),
      agent(4, { languages: ['fr', 'en'], teamIds: [fallbackId] }),
    ];
    const fallback: RoutingTeam = { id: fallbackId, mode: 'round_robin', fallbackTeamId: null, lastAssignedUserId: null };
    const decision = chooseAssignee(input({ ticket: ticket({ language: 'fr-FR' }), team: team({ fallbackTeamId: fallbackId }), fallback, candidates }));
    // In the fallback team the language is preferred: the French speaker gets it.
    expect(decision).toEqual({ assigneeId: userId(4), teamId: fallbackId, routingFlag: 'no_language_match', pointer: { teamId: fallbackId, userId: userId(4) }, reason: 'assigned' });
    // Nobody there speaks it either: still routed there, to whoever is next.
    const noSpeaker = chooseAssignee(input({ ticket: ticket({ language: 'ja' }), team: team({ fallbackTeamId: fallbackId }), fallback, candidates }));
    expect(noSpeaker).toMatchObject({ assigneeId: userId(3), teamId: fallbackId, routingFlag: 'no_language_match' });
    // A manual fallback team receives it unassigned.
    const manual = chooseAssignee(input({ ticket: ticket({ language: 'fr' }), team: team({ fallbackTeamId: fallbackId }), fallback: { ...fallback, mode: 'manual' }, candidates }));
    expect(manual).toMatchObject({ assigneeId: null, teamId: fallbackId, routingFlag: 'no_language_match', reason: 'no_language_match' });
    // No fallback team: flagged, stays; and later events never give it to someone who does not speak it.
    expect(chooseAssignee(input({ ticket: ticket({ language: 'fr' }), candidates }))).toMatchObject({ assigneeId: null, teamId, routingFlag: 'no_language_speaker' });
    expect(chooseAssignee(input({ ticket: ticket({ language: 'fr', routingFlag: 'no_language_speaker' }), candidates }))).toMatchObject({ assigneeId: null, teamId, routingFlag: 'no_language_speaker' });
    // A flagged ticket is not sent on again; its team takes it regardless of language.
    expect(chooseAssignee(input({ ticket: ticket({ language: 'fr', routingFlag: 'no_language_match' }), team: team({ fallbackTeamId: fallbackId }), fallback, candidates }))).toMatchObject({ assigneeId: userId(1), teamId });
  });
});

// ---- Properties ---------------------------------------------------------------------------

const languages = ['en', 'fr', 'de', 'es'];
const skills = ['billing', 'refunds', 'api'];
const arbCandidateFacts = fc.record({
  availability: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
  languages: fc.subarray(languages),
  skills: fc.subarray(skills),
  openTickets: fc.integer({ min: 0, max: 6 }),
  maxOpenTickets: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  inTeam: fc.boolean(),
  inFallback: fc.boolean(),
});
const arbCandidates = fc.array(arbCandidateFacts, { maxLength: 8 }).map((list) =>
  list.map(
    (facts, index): RoutingCandidate => ({
      userId: userId(index + 1),
      availability: facts.availability,
      languages: facts.languages,
      skills: facts.skills,
      openTickets: facts.openTickets,
      maxOpenTickets: facts.maxOpenTickets,
      teamIds: [...(facts.inTeam ? [teamId] : []), ...(facts.inFallback ? [fallbackId] : [])],
    }),
  ),
);
const arbMode = fc.constantFrom('manual' as const, 'round_robin' as const, 'load_balanced' as const);
const arbInput = fc
  .record({
    candidates: arbCandidates,
    mode: arbMode,
    fallbackMode: arbMode,
    hasFallback: fc.boolean(),
    language: fc.option(fc.constantFrom(...languages, 'ja'), { nil: null }),
    requiredSkills: fc.subarray(skills, { maxLength: 2 }),
    pointer: fc.option(fc.integer({ min: 0, max: 9 }).map(userId), { nil: null }),
    trigger: fc.constantFrom('event' as const, 'manual' as const),
  })
  .map(
    (facts): RoutingInput => ({
      ticket: ticket({ language: facts.language, requiredSkills: facts.requiredSkills }),
      team: team({ mode: facts.mode, fallbackTeamId: facts.hasFallback ? fallbackId : null, lastAssignedUserId: facts.pointer }),
      fallback: facts.hasFallback ? { id: fallbackId, mode: facts.fallbackMode, fallbackTeamId: null, lastAssignedUserId: null } : null,
      candidates: facts.candidates,
      trigger: facts.trigger,
    }),
  );

describe('routing rules: properties', () => {
  it('never assigns to an away or offline agent, nor above their max, nor outside the team it routes to, nor without the skills', () => {
    fc.assert(
      fc.property(arbInput, (routing) => {
        const decision = chooseAssignee(routing);
        if (decision.assigneeId === null) return;
        const chosen = routing.candidates.find((candidate) => candidate.userId === decision.assigneeId)!;
        expect(chosen.availability).toBe('online');
        if (chosen.maxOpenTickets !== null) expect(chosen.openTickets).toBeLessThan(chosen.maxOpenTickets);
        expect(chosen.teamIds).toContain(decision.teamId);
        expect(hasSkills(chosen, routing.ticket.requiredSkills)).toBe(true);
        expect(decision.pointer).toEqual({ teamId: decision.teamId, userId: decision.assigneeId });
      }),
    );
  });

  it('respects the language: in its own team only a speaker gets the ticket; otherwise it moved to the fallback team, flagged', () => {
    fc.assert(
      fc.property(arbInput, (routing) => {
        const decision = chooseAssignee(routing);
        const language = routing.ticket.language;
        if (language === null) {
          expect(decision.teamId).toBe(teamId);
          return;
        }
        if (decision.teamId === teamId && decision.assigneeId !== null) {
          expect(speaks(routing.candidates.find((candidate) => candidate.userId === decision.assigneeId)!, language)).toBe(true);
        }
        if (decision.teamId === fallbackId) {
          expect(decision.routingFlag).toBe('no_language_match');
          const anySpeakerOnline = routing.candidates.some((candidate) => candidate.teamIds.includes(teamId) && candidate.availability === 'online' && speaks(candidate, language));
          expect(anySpeakerOnline).toBe(false);
        }
      }),
    );
  });

  it('never routes a manual team on events, and never leaves the workspace of candidates', () => {
    fc.assert(
      fc.property(arbInput, (routing) => {
        const decision = chooseAssignee(routing);
        if (routing.trigger === 'event' && routing.team?.mode === 'manual') expect(decision).toMatchObject({ assigneeId: null, teamId, reason: 'not_routable' });
        if (decision.assigneeId !== null) expect(routing.candidates.map((candidate) => candidate.userId)).toContain(decision.assigneeId);
      }),
    );
  });

  it('round-robin visits every eligible agent before repeating', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.option(fc.integer({ min: 0, max: 9 }).map(userId), { nil: null }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (count, pointer, away) => {
        const candidates = Array.from({ length: count }, (_, index) => agent(index + 1, { availability: away[index] ? 'away' : 'online' }));
        const eligible = candidates.filter((candidate) => candidate.availability === 'online').length;
        let last = pointer;
        const seen: string[] = [];
        for (let turn = 0; turn < eligible * 2; turn += 1) {
          const decision = chooseAssignee(input({ team: team({ lastAssignedUserId: last }), candidates }));
          expect(decision.assigneeId).not.toBeNull();
          seen.push(decision.assigneeId!);
          last = decision.assigneeId;
        }
        expect(new Set(seen.slice(0, eligible)).size).toBe(eligible);
        // And the second round repeats the first in the same order.
        expect(seen.slice(eligible)).toEqual(seen.slice(0, eligible));
      }),
    );
  });

  it('load-balanced never exceeds a max while filling agents one ticket at a time', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (maxes, tickets) => {
        const candidates = maxes.map((max, index) => agent(index + 1, { maxOpenTickets: max }));
        let pointer: string | null = null;
        for (let turn = 0; turn < tickets; turn += 1) {
          const decision = chooseAssignee(input({ team: team({ mode: 'load_balanced', lastAssignedUserId: pointer }), candidates }));
          if (decision.assigneeId === null) {
            expect(decision.reason).toBe('at_capacity');
            expect(candidates.every((candidate) => candidate.maxOpenTickets !== null && candidate.openTickets >= candidate.maxOpenTickets)).toBe(true);
            break;
          }
          const chosen = candidates.find((candidate) => candidate.userId === decision.assigneeId)!;
          const least = Math.min(...candidates.filter((candidate) => candidate.maxOpenTickets === null || candidate.openTickets < candidate.maxOpenTickets).map((candidate) => candidate.openTickets));
          expect(chosen.openTickets).toBe(least);
          chosen.openTickets += 1;
          if (chosen.maxOpenTickets !== null) expect(chosen.openTickets).toBeLessThanOrEqual(chosen.maxOpenTickets);
          pointer = chosen.userId;
        }
      }),
    );
  });

  it('rotation is a permutation of the members', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 10 }), fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }), (ids, pointer) => {
        const members = ids.map((n) => ({ userId: userId(n) }));
        const ordered = rotation(members, pointer === null ? null : userId(pointer));
        expect([...ordered].map((member) => member.userId).sort()).toEqual(members.map((member) => member.userId).sort());
      }),
    );
  });
});
