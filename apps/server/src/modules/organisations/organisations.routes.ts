import { IdParams } from '@rapport/contracts/common';
import {
  CreateOrganisationBody,
  ListOrganisationsQuery,
  OrganisationDto,
  OrganisationPage,
  UpdateOrganisationBody,
} from '@rapport/contracts/people';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createOrganisation } from './create-organisation.ts';
import { getOrganisation } from './get-organisation.ts';
import { listOrganisations } from './list-organisations.ts';
import { updateOrganisation } from './update-organisation.ts';

export function organisationRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'organisations';
  return [
    defineRoute({
      id: 'organisations.list',
      method: 'GET',
      url: '/api/v1/organisations',
      permission: 'organisation.read',
      tag,
      summary: 'List organisations alphabetically, with cursor pagination',
      query: ListOrganisationsQuery,
      response: OrganisationPage,
      handler: ({ actor, query }) => listOrganisations(deps, actor, query),
    }),
    defineRoute({
      id: 'organisations.create',
      method: 'POST',
      url: '/api/v1/organisations',
      permission: 'organisation.write',
      tag,
      summary: 'Create an organisation (honours Idempotency-Key)',
      body: CreateOrganisationBody,
      response: OrganisationDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createOrganisation(deps, actor, body),
    }),
    defineRoute({
      id: 'organisations.get',
      method: 'GET',
      url: '/api/v1/organisations/:id',
      permission: 'organisation.read',
      tag,
      summary: 'One organisation',
      params: IdParams,
      response: OrganisationDto,
      handler: ({ actor, params }) => getOrganisation(deps, actor, params.id),
    }),
    defineRoute({
      id: 'organisations.update',
      method: 'PATCH',
      url: '/api/v1/organisations/:id',
      permission: 'organisation.write',
      tag,
      summary: 'Rename an organisation or replace its domains',
      params: IdParams,
      body: UpdateOrganisationBody,
      response: OrganisationDto,
      handler: ({ actor, params, body }) => updateOrganisation(deps, actor, params.id, body),
    }),
  ];
}
