import { IdParams, Ok } from '@rapport/contracts/common';
import { CreateUploadBody, UploadDto, uploadLimits } from '@rapport/contracts/composer';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createUpload, removeUpload } from './uploads.ts';

export function uploadRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'uploads.create',
      method: 'POST',
      url: '/api/v1/uploads',
      permission: 'ticket.reply',
      tag: 'tickets',
      summary: 'Upload a file for the reply being written (base64, up to 10 MB; programs and scripts refused); send its id in attachmentIds',
      body: CreateUploadBody,
      response: UploadDto,
      // base64 grows the file by a third; the JSON around it is small.
      bodyLimit: Math.ceil((uploadLimits.maxBytes * 4) / 3) + 64 * 1024,
      handler: ({ actor, body }) => createUpload(deps, actor, body),
    }),
    defineRoute({
      id: 'uploads.delete',
      method: 'DELETE',
      url: '/api/v1/uploads/:id',
      permission: 'ticket.reply',
      tag: 'tickets',
      summary: 'Remove one of your uploads before sending',
      params: IdParams,
      response: Ok,
      handler: async ({ actor, params }) => {
        await removeUpload(deps, actor, params.id);
        return { ok: true as const };
      },
    }),
  ];
}
