import { CreateCustomFieldBody, CustomFieldDefinitionDto, CustomFieldDefinitionList } from '@rapport/contracts/catalogue';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createCustomField } from './create-custom-field.ts';
import { toCustomFieldDto } from './custom-field-dto.ts';
import { listCustomFields } from './custom-fields.queries.ts';

export function customFieldRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'custom fields';
  return [
    defineRoute({
      id: 'custom-fields.list',
      method: 'GET',
      url: '/api/v1/custom-fields',
      permission: 'custom_field.read',
      tag,
      summary: 'The typed custom field definitions tickets may carry',
      response: CustomFieldDefinitionList,
      handler: async ({ actor }) => ({ items: (await listCustomFields(deps.db, actor.workspaceId)).map(toCustomFieldDto) }),
    }),
    defineRoute({
      id: 'custom-fields.create',
      method: 'POST',
      url: '/api/v1/custom-fields',
      permission: 'custom_field.manage',
      tag,
      summary: 'Define a custom field; keys are unique in the workspace (honours Idempotency-Key)',
      body: CreateCustomFieldBody,
      response: CustomFieldDefinitionDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createCustomField(deps, actor, body),
    }),
  ];
}
