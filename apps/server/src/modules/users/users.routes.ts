import { IdParams } from '@rapport/contracts/common';
import { CreateUserBody, CreatedUserDto, ListUsersQuery, UpdateUserBody, UserDto, UserPage } from '@rapport/contracts/people';
import { MyPreferences, MyPreferencesBody } from '@rapport/contracts/workspace';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createUser } from './create-user.ts';
import { getUser } from './get-user.ts';
import { listUsers } from './list-users.ts';
import { getMyPreferences, updateMyPreferences } from './my-preferences.ts';
import { updateUser } from './update-user.ts';

export function userRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'users';
  return [
    defineRoute({
      id: 'users.list',
      method: 'GET',
      url: '/api/v1/users',
      permission: 'user.read',
      tag,
      summary: 'Members of the workspace, active and inactive, by name',
      query: ListUsersQuery,
      response: UserPage,
      handler: ({ actor, query }) => listUsers(deps, actor, query),
    }),
    defineRoute({
      id: 'users.create',
      method: 'POST',
      url: '/api/v1/users',
      permission: 'user.manage',
      tag,
      summary: 'Add a member with a role, creating their login if needed (honours Idempotency-Key)',
      body: CreateUserBody,
      response: CreatedUserDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createUser(deps, actor, body),
    }),
    defineRoute({
      id: 'users.get',
      method: 'GET',
      url: '/api/v1/users/:id',
      permission: 'user.read',
      tag,
      summary: 'One member of the workspace',
      params: IdParams,
      response: UserDto,
      handler: ({ actor, params }) => getUser(deps, actor, params.id),
    }),
    defineRoute({
      id: 'users.update',
      method: 'PATCH',
      url: '/api/v1/users/:id',
      permission: 'user.manage',
      tag,
      summary: 'Change a member\'s role, name, languages or active flag; deactivating signs them out',
      params: IdParams,
      body: UpdateUserBody,
      response: UserDto,
      handler: ({ actor, params, body }) => updateUser(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'me.preferences.get',
      method: 'GET',
      url: '/api/v1/me/preferences',
      permission: 'authenticated',
      tag,
      summary: 'Your own preferences: your time zone, the workspace\'s, and the one dates are shown in',
      response: MyPreferences,
      handler: ({ actor }) => getMyPreferences(deps, actor),
    }),
    defineRoute({
      id: 'me.preferences.update',
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      permission: 'authenticated',
      tag,
      summary: 'Set your own IANA time zone, or null to follow the workspace\'s',
      body: MyPreferencesBody,
      response: MyPreferences,
      handler: ({ actor, body }) => updateMyPreferences(deps, actor, body),
    }),
  ];
}
