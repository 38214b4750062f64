import { TicketRefParams } from '@rapport/contracts/tickets';
import { AddFollower, FollowerList, FollowerParams } from '@rapport/contracts/teamwork';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { followTicket, getFollowers, unfollowTicket } from './followers.ts';

const tag = 'tickets';

export function followerRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'tickets.followers.list',
      method: 'GET',
      url: '/api/v1/tickets/:ref/followers',
      permission: 'ticket.read',
      tag,
      summary: 'Who follows the ticket (hears about customer replies and notes), and whether you do',
      params: TicketRefParams,
      response: FollowerList,
      handler: ({ actor, params }) => getFollowers(deps, actor, params.ref),
    }),
    defineRoute({
      id: 'tickets.followers.add',
      method: 'POST',
      url: '/api/v1/tickets/:ref/followers',
      permission: 'ticket.update',
      tag,
      summary: 'Follow the ticket yourself, or add a teammate as a follower (userId)',
      params: TicketRefParams,
      body: AddFollower,
      response: FollowerList,
      successStatus: 200,
      handler: ({ actor, params, body }) => followTicket(deps, actor, params.ref, body.userId),
    }),
    defineRoute({
      id: 'tickets.followers.remove',
      method: 'DELETE',
      url: '/api/v1/tickets/:ref/followers/:userId',
      permission: 'ticket.update',
      tag,
      summary: 'Stop following the ticket (userId "me"), or remove a teammate from its followers',
      params: FollowerParams,
      response: FollowerList,
      handler: ({ actor, params }) => unfollowTicket(deps, actor, params.ref, params.userId),
    }),
  ];
}
