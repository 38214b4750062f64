import { Ok } from '@rapport/contracts/common';
import { DraftParams, DraftResponse, PutDraftBody } from '@rapport/contracts/composer';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { discardDraft, getDraft, saveDraft } from './drafts.ts';

export function draftRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'drafts';
  return [
    defineRoute({
      id: 'drafts.get',
      method: 'GET',
      url: '/api/v1/tickets/:ref/drafts/:kind',
      permission: 'ticket.reply',
      tag,
      summary: 'Your unsent reply or note on this ticket (null when there is none)',
      params: DraftParams,
      response: DraftResponse,
      handler: ({ actor, params }) => getDraft(deps, actor, params.ref, params.kind),
    }),
    defineRoute({
      id: 'drafts.save',
      method: 'PUT',
      url: '/api/v1/tickets/:ref/drafts/:kind',
      permission: 'ticket.reply',
      tag,
      summary: 'Save your draft; a revision not higher than the stored one is refused (DRAFT_STALE); an empty body discards it',
      params: DraftParams,
      body: PutDraftBody,
      response: DraftResponse,
      handler: ({ actor, params, body }) => saveDraft(deps, actor, params.ref, params.kind, body),
    }),
    defineRoute({
      id: 'drafts.discard',
      method: 'DELETE',
      url: '/api/v1/tickets/:ref/drafts/:kind',
      permission: 'ticket.reply',
      tag,
      summary: 'Discard your draft',
      params: DraftParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await discardDraft(deps, actor, params.ref, params.kind);
        return { ok: true as const };
      },
    }),
  ];
}
