/**
 * The pure choice of routing (issue 7 part 3, P5): which agent gets a ticket, or why nobody does.
 * No I/O: routing.ts loads the facts, calls `chooseAssignee` and applies the decision.
 *
 * An agent is eligible when they are:
 *  - a member of the team (a ticket without a team, routed by hand, may go to any member);
 *  - online (away and offline agents get nothing automatically);
 *  - speaking the ticket's language when it is known. Languages compare by their primary subtag, so
 *    "fr-CA" matches "fr". An agent who declared no languages speaks none: routing never guesses;
 *  - holding every skill the ticket requires (case-insensitive);
 *  - below their maximum of open tickets (null = no limit).
 *
 * round_robin takes the next eligible member after the team's pointer (the member who got the last
 * ticket) in a stable order (by user id), so every eligible member gets one before anyone gets a
 * second. load_balanced takes the eligible member with the fewest open tickets; ties go in the same
 * rotation after the pointer, so equally loaded agents take turns.
 *
 * When no online member of the team speaks the ticket's language, the ticket moves to the team's
 * fallback team and is flagged `no_language_match`; there the language is preferred, not required
 * (the fallback team is where such tickets are handled, e.g. with translation). A ticket moved so
 * never moves again (one hop: no ping-pong between teams). Without a fallback team it is flagged
 * `no_language_speaker` and stays unassigned in its team for a person to decide (P7); routing keeps
 * requiring the language for it, so it goes to a speaker once one is online, never to anyone else.
 *
 * A ticket a person routed by hand (auto_routing off, P7) is never routed automatically; "route now"
 * (a person asking) still routes it.
 */
import type { Availability, RoutingMode, RoutingReason } from '@rapport/contracts/routing';

/** Moved to the fallback team because nobody available spoke the ticket's language. */
export const noLanguageMatch = 'no_language_match';
/** Nobody available speaks it and there is no fallback team: it waits for a speaker or a person. */
export const noLanguageSpeaker = 'no_language_speaker';

export interface RoutingCandidate {
  userId: string;
  availability: Availability;
  languages: readonly string[];
  skills: readonly string[];
  openTickets: number;
  maxOpenTickets: number | null;
  teamIds: readonly string[];
}

export interface RoutingTeam {
  id: string;
  mode: RoutingMode;
  fallbackTeamId: string | null;
  /** The round-robin pointer: who got the team's last routed ticket. */
  lastAssignedUserId: string | null;
}

export interface RoutingTicket {
  status: string;
  assigneeId: string | null;
  teamId: string | null;
  language: string | null;
  requiredSkills: readonly string[];
  routingFlag: string | null;
  mergedIntoId: string | null;
  /** False once a person routed the ticket by hand (an override, P7): automatic routing leaves it alone. */
  autoRouting: boolean;
}

export interface RoutingInput {
  ticket: RoutingTicket;
  /** The ticket's team; null when it has none. */
  team: RoutingTeam | null;
  /** The team's fallback team, when it has one. */
  fallback: RoutingTeam | null;
  /** The active members of the workspace that may matter (the team's and the fallback team's, or all when there is no team). */
  candidates: readonly RoutingCandidate[];
  /**
   * 'event': automatic routing, only for teams whose mode is not manual. 'manual': a person pressed
   * "route now": a manual team, or a ticket without a team, is routed as load_balanced.
   */
  trigger: 'event' | 'manual';
}

export interface RoutingDecision {
  assigneeId: string | null;
  /** The team the ticket belongs in afterwards (the fallback team after a language miss). */
  teamId: string | null;
  /** The flag the ticket should carry afterwards. */
  routingFlag: string | null;
  /** Set when someone was chosen: the new round-robin pointer of that team. */
  pointer: { teamId: string; userId: string } | null;
  reason: RoutingReason;
}

/** Only new and open tickets that nobody has, and that were not merged away, are routed. */
export function isRoutable(ticket: RoutingTicket): boolean {
  return ticket.assigneeId === null && ticket.mergedIntoId === null && (ticket.status === 'new' || ticket.status === 'open');
}

/** "fr-CA", "FR", "fr_ca" → "fr". */
export function primaryLanguage(code: string): string {
  return code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

export function speaks(candidate: Pick<RoutingCandidate, 'languages'>, language: string): boolean {
  const wanted = primaryLanguage(language);
  return candidate.languages.some((spoken) => primaryLanguage(spoken) === wanted);
}

export function hasSkills(candidate: Pick<RoutingCandidate, 'skills'>, required: readonly string[]): boolean {
  const held = new Set(candidate.skills.map((skill) => skill.trim().toLowerCase()));
  return required.every((skill) => held.has(skill.trim().toLowerCase()));
}

export function hasRoom(candidate: Pick<RoutingCandidate, 'openTickets' | 'maxOpenTickets'>): boolean {
  return candidate.maxOpenTickets === null || candidate.openTickets < candidate.maxOpenTickets;
}

/** The members in rotation order: by user id, starting with the first one after the pointer. */
export function rotation<T extends { userId: string }>(members: readonly T[], pointer: string | null): T[] {
  const sorted = [...members].sort((left, right) => (left.userId < right.userId ? -1 : left.userId > right.userId ? 1 : 0));
  if (pointer === null) return sorted;
  const start = sorted.findIndex((member) => member.userId > pointer);
  return start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
}

type Pick1 = { candidate: RoutingCandidate } | { candidate: null; reason: RoutingReason };

/** Among a team's members, the one its mode picks, or why none can take the ticket. */
function pickInTeam(
  members: readonly RoutingCandidate[],
  mode: Exclude<RoutingMode, 'manual'>,
  pointer: string | null,
  need: { language: string | null; preferLanguage: string | null; skills: readonly string[] },
): Pick1 {
  if (members.length === 0) return { candidate: null, reason: 'no_members' };
  const online = members.filter((member) => member.availability === 'online');
  if (online.length === 0) return { candidate: null, reason: 'none_online' };
  const language = need.language;
  const speakers = language === null ? online : online.filter((member) => speaks(member, language));
  if (speakers.length === 0) return { candidate: null, reason: 'no_language_match' };
  const skilled = speakers.filter((member) => hasSkills(member, need.skills));
  if (skilled.length === 0) return { candidate: null, reason: 'missing_skills' };
  let eligible = skilled.filter(hasRoom);
  if (eligible.length === 0) return { candidate: null, reason: 'at_capacity' };
  const preferred = need.preferLanguage;
  if (preferred !== null && language === null) {
    const preferredSpeakers = eligible.filter((member) => speaks(member, preferred));
    if (preferredSpeakers.length > 0) eligible = preferredSpeakers;
  }
  const ordered = rotation(eligible, pointer);
  if (mode === 'round_robin') return { candidate: ordered[0]! };
  // load_balanced: fewest open tickets; the rotation breaks ties (a stable sort keeps its order).
  const [least] = [...ordered].sort((left, right) => left.openTickets - right.openTickets);
  return { candidate: least! };
}

export function chooseAssignee(input: RoutingInput): RoutingDecision {
  const { ticket, team, fallback, trigger } = input;
  const stay = (reason: RoutingReason, routingFlag = ticket.routingFlag): RoutingDecision => ({
    assigneeId: null,
    teamId: ticket.teamId,
    routingFlag,
    pointer: null,
    reason,
  });
  if (!isRoutable(ticket)) return stay(ticket.assigneeId !== null ? 'already_assigned' : 'not_routable');
  if (team === null && ticket.teamId !== null) return stay('not_routable');
  const teamMode = team?.mode ?? 'manual';
  if (teamMode === 'manual' && trigger === 'event') return stay('not_routable');
  if (!ticket.autoRouting && trigger === 'event') return stay('auto_routing_off');
  const mode = teamMode === 'manual' ? 'load_balanced' : teamMode;
  const members = team === null ? input.candidates : input.candidates.filter((candidate) => candidate.teamIds.includes(team.id));
  const language = ticket.language ? primaryLanguage(ticket.language) || null : null;
  const isFlagged = ticket.routingFlag === noLanguageMatch;
  const need = { language: isFlagged ? null : language, preferLanguage: language, skills: ticket.requiredSkills };

  const picked = pickInTeam(members, mode, team?.lastAssignedUserId ?? null, need);
  if (picked.candidate) {
    return {
      assigneeId: picked.candidate.userId,
      teamId: ticket.teamId,
      routingFlag: ticket.routingFlag,
      pointer: team ? { teamId: team.id, userId: picked.candidate.userId } : null,
      reason: 'assigned',
    };
  }
  // Only a language miss sends the ticket on, and only once.
  if (picked.reason !== 'no_language_match') return stay(picked.reason);
  if (isFlagged || !team || !fallback || fallback.id === team.id || team.fallbackTeamId !== fallback.id) {
    return stay('no_language_match', isFlagged ? noLanguageMatch : noLanguageSpeaker);
  }
  const fallbackMembers = input.candidates.filter((candidate) => candidate.teamIds.includes(fallback.id));
  const moved = { teamId: fallback.id, routingFlag: noLanguageMatch };
  // The fallback team's own mode decides; a manual fallback team gets the ticket to hand out itself.
  if (fallback.mode === 'manual' && trigger === 'event') return { ...moved, assigneeId: null, pointer: null, reason: 'no_language_match' };
  const fallbackMode = fallback.mode === 'manual' ? 'load_balanced' : fallback.mode;
  const there = pickInTeam(fallbackMembers, fallbackMode, fallback.lastAssignedUserId, { ...need, language: null });
  if (!there.candidate) return { ...moved, assigneeId: null, pointer: null, reason: there.reason };
  return { ...moved, assigneeId: there.candidate.userId, pointer: { teamId: fallback.id, userId: there.candidate.userId }, reason: 'assigned' };
}
