import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { IdParams } from '@rapport/contracts/common';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { contentDisposition } from './attachment-policy.ts';
import { downloadAttachment, downloadRawMessage, type FileDownload } from './download-file.ts';

const FileBytes = z.string().meta({ format: 'binary', description: 'The file itself' });

function sendFile(reply: FastifyReply, file: FileDownload): FastifyReply {
  return reply
    .code(200)
    .header('content-type', file.isInline ? file.contentType : 'application/octet-stream')
    .header('content-disposition', contentDisposition(file.isInline ? 'inline' : 'attachment', file.filename))
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, max-age=0')
    .send(Buffer.from(file.bytes));
}

export function attachmentRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'attachments.download',
      method: 'GET',
      url: '/api/v1/attachments/:id',
      permission: 'ticket.read',
      tag: 'tickets',
      summary: 'Download an attachment (images, PDF and plain text inline; everything else as a download)',
      params: IdParams,
      response: FileBytes,
      handler: async ({ actor, params, reply }) => sendFile(reply, await downloadAttachment(deps, actor, params.id)),
    }),
    defineRoute({
      id: 'messages.raw',
      method: 'GET',
      url: '/api/v1/messages/:id/raw',
      permission: 'ticket.read',
      tag: 'tickets',
      summary: 'Download the stored raw original of a message',
      params: IdParams,
      response: FileBytes,
      handler: async ({ actor, params, reply }) => sendFile(reply, await downloadRawMessage(deps, actor, params.id)),
    }),
  ];
}
