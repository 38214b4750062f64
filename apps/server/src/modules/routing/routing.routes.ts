import { IdParams } from '@rapport/contracts/common';
import {
  MyAvailability,
  RouteResult,
  RoutingAgentDto,
  RoutingAgentList,
  SetAvailabilityBody,
  TeamRoutingDto,
  TeamRoutingList,
  UpdateMemberRoutingBody,
  UpdateTeamRoutingBody,
} from '@rapport/contracts/routing';
import { TicketRefParams } from '@rapport/contracts/tickets';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { getMyAvailability, listRoutingAgents, listTeamRouting, routeTicketNow, setMyAvailability, setTeamRouting, updateMemberRouting } from './routing.ts';

export function routingRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'routing';
  return [
    defineRoute({
      id: 'me.availability.get',
      method: 'GET',
      url: '/api/v1/me/availability',
      permission: 'authenticated',
      tag,
      summary: 'Your availability for routing: online, away or offline (only online agents get tickets automatically)',
      response: MyAvailability,
      handler: ({ actor }) => getMyAvailability(deps, actor),
    }),
    defineRoute({
      id: 'me.availability.set',
      method: 'PATCH',
      url: '/api/v1/me/availability',
      permission: 'authenticated',
      tag,
      summary: 'Set your own availability: online, away or offline',
      body: SetAvailabilityBody,
      response: MyAvailability,
      handler: ({ actor, body }) => setMyAvailability(deps, actor, body),
    }),
    defineRoute({
      id: 'routing.agents.list',
      method: 'GET',
      url: '/api/v1/routing/agents',
      permission: 'team.read',
      tag,
      summary: 'Every active member with their availability, languages, skills, open tickets and maximum, by name',
      response: RoutingAgentList,
      handler: ({ actor }) => listRoutingAgents(deps, actor),
    }),
    defineRoute({
      id: 'routing.teams.list',
      method: 'GET',
      url: '/api/v1/routing/teams',
      permission: 'team.read',
      tag,
      summary: 'Every team with its routing mode (manual, round robin, load balanced) and fallback team, by name',
      response: TeamRoutingList,
      handler: ({ actor }) => listTeamRouting(deps, actor),
    }),
    defineRoute({
      id: 'members.routing.update',
      method: 'PATCH',
      url: '/api/v1/members/:id/routing',
      permission: 'team.read',
      tag,
      summary: "A member's languages, skills and maximum of open tickets; members may set their own languages and skills, the rest needs team.manage",
      params: IdParams,
      body: UpdateMemberRoutingBody,
      response: RoutingAgentDto,
      handler: ({ actor, params, body }) => updateMemberRouting(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'teams.routing.update',
      method: 'PATCH',
      url: '/api/v1/teams/:id/routing',
      permission: 'team.manage',
      tag,
      summary: "A team's routing mode and fallback team (where tickets go when no available member speaks their language)",
      params: IdParams,
      body: UpdateTeamRoutingBody,
      response: TeamRoutingDto,
      handler: ({ actor, params, body }) => setTeamRouting(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'tickets.route',
      method: 'POST',
      url: '/api/v1/tickets/:ref/route',
      permission: 'ticket.update',
      tag,
      summary: 'Route an unassigned ticket now, as its team routes (a manual team or no team: to the least loaded online agent); ROUTING_NO_AGENT when nobody can take it',
      params: TicketRefParams,
      response: RouteResult,
      successStatus: 200,
      handler: async ({ actor, params }) => routeTicketNow(deps, actor, await requireTicketId(deps.db, actor, params.ref)),
    }),
  ];
}
