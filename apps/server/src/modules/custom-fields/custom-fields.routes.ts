import { CreateCustomFieldBody, CustomFieldDefinitionDto, CustomFieldDefinitionList } from '@rapport/contracts/catalogue';
import { IdParams } from '@rapport/contracts/common';
import { DeletedCustomField, UpdateCustomFieldBody } from '@rapport/contracts/workspace';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createCustomField } from './create-custom-field.ts';
import { toCustomFieldDto } from './custom-field-dto.ts';
import { listCustomFields } from './custom-fields.queries.ts';
import { deleteCustomField, updateCustomField } from './manage-custom-field.ts';

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
    defineRoute({
      id: 'custom-fields.update',
      method: 'PATCH',
      url: '/api/v1/custom-fields/:id',
      permission: 'custom_field.manage',
      tag,
      summary: 'Relabel a custom field or change a select field\'s options (key and type are fixed)',
      params: IdParams,
      body: UpdateCustomFieldBody,
      response: CustomFieldDefinitionDto,
      handler: ({ actor, params, body }) => updateCustomField(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'custom-fields.delete',
      method: 'DELETE',
      url: '/api/v1/custom-fields/:id',
      permission: 'custom_field.manage',
      tag,
      summary: 'Delete a custom field and remove its value from every ticket',
      params: IdParams,
      response: DeletedCustomField,
      handler: async ({ actor, params }) => ({ ok: true as const, ...(await deleteCustomField(deps, actor, params.id)) }),
    }),
  ];
}
