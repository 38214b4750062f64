/** Routing (issue 7 part 3, P5): agent availability, languages and skills; team routing modes; route now. */
import { z } from 'zod';
import { Id } from './common.ts';

export const Availability = z.enum(['online', 'away', 'offline']);
export type Availability = z.infer<typeof Availability>;
export const RoutingMode = z.enum(['manual', 'round_robin', 'load_balanced']);
export type RoutingMode = z.infer<typeof RoutingMode>;

const LanguageCode = z.string().trim().toLowerCase().min(2).max(8);
const Skill = z.string().trim().toLowerCase().min(1).max(40);

export const MyAvailability = z.object({ availability: Availability }).meta({ id: 'MyAvailability' });
export type MyAvailability = z.infer<typeof MyAvailability>;
export const SetAvailabilityBody = z.object({ availability: Availability }).strict();
export type SetAvailabilityBody = z.infer<typeof SetAvailabilityBody>;

/** openTickets: tickets assigned to the member that are not solved or closed (new, open, pending, on hold). */
export const RoutingAgentDto = z
  .object({
    id: Id,
    name: z.string(),
    availability: Availability,
    languages: z.array(z.string()),
    skills: z.array(z.string()),
    openTickets: z.number().int(),
    maxOpenTickets: z.number().int().nullable(),
    teamIds: z.array(Id),
  })
  .meta({ id: 'RoutingAgent' });
export type RoutingAgentDto = z.infer<typeof RoutingAgentDto>;
export const RoutingAgentList = z.object({ items: z.array(RoutingAgentDto) }).meta({ id: 'RoutingAgentList' });
export type RoutingAgentList = z.infer<typeof RoutingAgentList>;

/**
 * Languages and skills: the member themself, or anyone with team.manage. maxOpenTickets (null = no
 * limit): team.manage only.
 */
export const UpdateMemberRoutingBody = z
  .object({
    languages: z.array(LanguageCode).max(20).optional(),
    skills: z.array(Skill).max(50).optional(),
    maxOpenTickets: z.number().int().min(1).max(10_000).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateMemberRoutingBody = z.infer<typeof UpdateMemberRoutingBody>;

export const TeamRoutingDto = z
  .object({ id: Id, name: z.string(), routing: RoutingMode, fallbackTeamId: Id.nullable() })
  .meta({ id: 'TeamRouting' });
export type TeamRoutingDto = z.infer<typeof TeamRoutingDto>;
export const TeamRoutingList = z.object({ items: z.array(TeamRoutingDto) }).meta({ id: 'TeamRoutingList' });
export type TeamRoutingList = z.infer<typeof TeamRoutingList>;

/** fallbackTeamId: where tickets go when no available member speaks their language (not the team itself). */
export const UpdateTeamRoutingBody = z
  .object({ routing: RoutingMode.optional(), fallbackTeamId: Id.nullable().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change');
export type UpdateTeamRoutingBody = z.infer<typeof UpdateTeamRoutingBody>;

/** Why routing did what it did. */
export const RoutingReason = z.enum([
  'assigned',
  'already_assigned',
  'not_routable',
  'no_members',
  'none_online',
  'no_language_match',
  'missing_skills',
  'at_capacity',
  'auto_routing_off',
]);
export type RoutingReason = z.infer<typeof RoutingReason>;

/** The answer of "route now": who has the ticket now, in which team, and whether this call changed it. */
export const RouteResult = z
  .object({
    ticketId: Id,
    assigneeId: Id.nullable(),
    teamId: Id.nullable(),
    routingFlag: z.string().nullable(),
    changed: z.boolean(),
    reason: RoutingReason,
  })
  .meta({ id: 'RouteResult' });
export type RouteResult = z.infer<typeof RouteResult>;
