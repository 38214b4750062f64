import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { findAttachment, findMessageRawKey } from './attachments.queries.ts';
import { isInlineSafe } from './attachment-policy.ts';

export interface FileDownload {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
  isInline: boolean;
}

export async function downloadAttachment(deps: AppDeps, actor: Actor, attachmentId: string): Promise<FileDownload> {
  const attachment = await findAttachment(deps.db, actor.workspaceId, attachmentId);
  if (!attachment) throw new AppError('NOT_FOUND', { message: 'No attachment with that id in this workspace.' });
  const bytes = await deps.storage.get(attachment.sha256);
  if (!bytes) throw new AppError('INTERNAL', { message: 'The attachment file is missing from storage.' });
  return { bytes, filename: attachment.filename, contentType: attachment.contentType, isInline: isInlineSafe(attachment.contentType) };
}

/** The stored raw original of a message (e.g. the RFC 5322 bytes of an email), as a download. */
export async function downloadRawMessage(deps: AppDeps, actor: Actor, messageId: string): Promise<FileDownload> {
  const message = await findMessageRawKey(deps.db, actor.workspaceId, messageId);
  if (!message) throw new AppError('MESSAGE_NOT_FOUND', { message: 'No message with that id in this workspace.' });
  if (!message.rawKey) throw new AppError('NOT_FOUND', { message: 'This message has no stored original (it was written in Rapport).' });
  const bytes = await deps.storage.get(message.rawKey);
  if (!bytes) throw new AppError('INTERNAL', { message: 'The original is missing from storage.' });
  return { bytes, filename: `message-${messageId}.eml`, contentType: 'message/rfc822', isInline: false };
}
