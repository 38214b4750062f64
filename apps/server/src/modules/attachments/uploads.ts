/**
 * Composer uploads: a file dropped or pasted into the composer is stored at once (content-addressed,
 * flushed) and listed as an upload of that agent; sending the reply moves it to the message's
 * attachments in the reply's transaction. Uploads never sent are pruned after a day.
 */
import type { CreateUploadBody, UploadDto } from '@rapport/contracts/composer';
import { uploadLimits } from '@rapport/contracts/composer';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { checkUpload } from './upload-policy.ts';
import { deleteOwnUpload, insertMessageAttachments, insertUpload, pruneUploadsBefore, takeOwnUploads, type UploadRow } from './uploads.queries.ts';

function personOf(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Uploads belong to a person.' });
  return actor.userId;
}

function toUploadDto(row: UploadRow): UploadDto {
  return { id: row.id, filename: row.filename, contentType: row.contentType, size: row.size, createdAt: row.createdAt.toISOString() };
}

/** The name as a plain file name: no path, no control characters. */
function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/\p{Cc}/gu, '').trim().slice(0, 200) || 'file';
}

export async function createUpload(deps: AppDeps, actor: Actor, input: CreateUploadBody): Promise<UploadDto> {
  const userId = personOf(actor);
  const bytes = Buffer.from(input.data, 'base64');
  const filename = cleanFilename(input.filename);
  const verdict = checkUpload(filename, input.contentType, bytes.length);
  if (!verdict.ok) throw new AppError('UPLOAD_REFUSED', { message: verdict.reason, details: { filename } });
  const stored = await deps.storage.put(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const row = await insertUpload(deps.db, {
    workspaceId: actor.workspaceId,
    userId,
    filename,
    contentType: verdict.contentType,
    size: stored.size,
    sha256: stored.key,
    createdAt: deps.clock.now(),
  });
  return toUploadDto(row);
}

export async function removeUpload(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  if (!(await deleteOwnUpload(deps.db, actor.workspaceId, personOf(actor), id))) {
    throw new AppError('UPLOAD_NOT_FOUND', { message: 'No such upload of yours (it may have been sent or removed already).' });
  }
}

/**
 * In the reply's transaction: the agent's uploads become the new message's attachments (the outbound
 * sender attaches them to the email). Every id must be one of the agent's pending uploads.
 */
export async function attachUploadsToMessage(tx: DbOrTx, actor: Actor, messageId: string, uploadIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(uploadIds)];
  if (ids.length === 0) return 0;
  if (ids.length > uploadLimits.maxPerReply) throw new AppError('UPLOAD_REFUSED', { message: `At most ${uploadLimits.maxPerReply} files per reply.` });
  const taken = await takeOwnUploads(tx, actor.workspaceId, personOf(actor), ids);
  if (taken.length !== ids.length) {
    const found = new Set(taken.map((row) => row.id));
    throw new AppError('UPLOAD_NOT_FOUND', {
      message: 'An attached file is no longer available; remove it and attach it again.',
      details: { missing: ids.filter((id) => !found.has(id)) },
    });
  }
  await insertMessageAttachments(
    tx,
    taken.map((row) => ({
      workspaceId: actor.workspaceId,
      messageId,
      filename: row.filename,
      contentType: row.contentType,
      size: row.size,
      sha256: row.sha256,
      createdAt: now,
    })),
  );
  return taken.length;
}

export async function pruneOldUploads(deps: AppDeps): Promise<number> {
  return pruneUploadsBefore(deps.database, new Date(deps.clock.now().getTime() - 86_400_000));
}
