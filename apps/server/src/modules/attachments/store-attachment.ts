import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { insertAttachment, messageExists } from './attachments.queries.ts';

export interface StoreAttachmentInput {
  messageId: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  contentId?: string | null;
  isInline?: boolean;
}

/** Stores the bytes (content-addressed, flushed to disk) first, then links them to a message. */
export async function storeAttachment(deps: AppDeps, actor: Actor, input: StoreAttachmentInput) {
  const stored = await deps.storage.put(input.bytes);
  return deps.db.transaction(async (tx) => {
    if (!(await messageExists(tx, actor.workspaceId, input.messageId))) {
      throw new AppError('MESSAGE_NOT_FOUND', { message: 'No such message in this workspace.' });
    }
    const row = await insertAttachment(tx, {
      workspaceId: actor.workspaceId,
      messageId: input.messageId,
      filename: input.filename,
      contentType: input.contentType.toLowerCase(),
      size: stored.size,
      sha256: stored.key,
      contentId: input.contentId ?? null,
      isInline: input.isInline ?? false,
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, { action: 'attachment.stored', subjectType: 'message', subjectId: input.messageId, data: { attachmentId: row.id, size: stored.size } });
    return row;
  });
}
