import { Ok } from '@rapport/contracts/common';
import { CreateTagBody, TagDto, TagList, TagParams } from '@rapport/contracts/catalogue';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createTag } from './create-tag.ts';
import { deleteTag } from './delete-tag.ts';
import { listTagsWithCounts } from './tags.queries.ts';

export function tagRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'tags';
  return [
    defineRoute({
      id: 'tags.list',
      method: 'GET',
      url: '/api/v1/tags',
      permission: 'tag.read',
      tag,
      summary: 'The tag catalogue, by name, with how many tickets carry each tag',
      response: TagList,
      handler: async ({ actor }) => ({ items: await listTagsWithCounts(deps.db, actor.workspaceId) }),
    }),
    defineRoute({
      id: 'tags.create',
      method: 'POST',
      url: '/api/v1/tags',
      permission: 'tag.manage',
      tag,
      summary: 'Add a tag to the catalogue (honours Idempotency-Key)',
      body: CreateTagBody,
      response: TagDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createTag(deps, actor, body),
    }),
    defineRoute({
      id: 'tags.delete',
      method: 'DELETE',
      url: '/api/v1/tags/:name',
      permission: 'tag.manage',
      tag,
      summary: 'Delete a tag from the catalogue and from every ticket carrying it',
      params: TagParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await deleteTag(deps, actor, params.name);
        return { ok: true as const };
      },
    }),
  ];
}
