/**
 * Server-side drafts (issue 6): the composer saves as the agent types, debounced, each save with a
 * higher revision; a save that arrives late (lower revision) is refused with DRAFT_STALE so it can
 * never overwrite newer text. `started_at` is the first save: a customer message after it makes
 * sending ask for confirmation (tickets/reply-to-ticket.ts). Sending deletes the draft.
 */
import type { DraftDto, DraftKind } from '@rapport/contracts/composer';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { deleteDraftRow, findDraft, putDraft, upsertDraftIfNewer, type DraftRow } from './drafts.queries.ts';

function personOf(actor: Actor): string {
  if (!actor.userId) throw new AppError('FORBIDDEN', { message: 'Drafts belong to a person.' });
  return actor.userId;
}

function toDraftDto(row: DraftRow): DraftDto {
  return { kind: row.kind, body: row.body, revision: row.revision, startedAt: row.startedAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function getDraft(deps: AppDeps, actor: Actor, ref: string, kind: DraftKind): Promise<{ draft: DraftDto | null }> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const row = await findDraft(deps.db, { workspaceId: actor.workspaceId, ticketId, userId: personOf(actor), kind });
  return { draft: row ? toDraftDto(row) : null };
}

export async function saveDraft(deps: AppDeps, actor: Actor, ref: string, kind: DraftKind, input: { body: string; revision: number }): Promise<{ draft: DraftDto | null }> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  const key = { workspaceId: actor.workspaceId, ticketId, userId: personOf(actor), kind };
  if (input.body.trim() === '') {
    // An emptied composer discards the draft, so the next one starts afresh (and its started_at with it).
    await deleteDraftRow(deps.db, key);
    return { draft: null };
  }
  const row = await upsertDraftIfNewer(deps.db, key, input.body, input.revision, deps.clock.now());
  if (!row) {
    const current = await findDraft(deps.db, key);
    throw new AppError('DRAFT_STALE', {
      message: 'A newer version of this draft was saved already.',
      details: { revision: current?.revision ?? 0 },
    });
  }
  return { draft: toDraftDto(row) };
}

export async function discardDraft(deps: AppDeps, actor: Actor, ref: string, kind: DraftKind): Promise<void> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  await deleteDraftRow(deps.db, { workspaceId: actor.workspaceId, ticketId, userId: personOf(actor), kind });
}

/** For the sending transaction: the draft being sent (its start time decides the new-message warning). */
export async function draftInTransaction(tx: DbOrTx, actor: Actor, ticketId: string, kind: DraftKind): Promise<DraftRow | null> {
  if (!actor.userId) return null;
  return findDraft(tx, { workspaceId: actor.workspaceId, ticketId, userId: actor.userId, kind });
}

/** Sent: the draft is gone, in the same transaction as the message. */
export async function deleteDraftInTransaction(tx: DbOrTx, actor: Actor, ticketId: string, kind: DraftKind): Promise<void> {
  if (!actor.userId) return;
  await deleteDraftRow(tx, { workspaceId: actor.workspaceId, ticketId, userId: actor.userId, kind });
}

/** Undo-send: the withdrawn text goes back to the reply draft, before anything typed since. */
export async function restoreDraftInTransaction(tx: DbOrTx, actor: Actor, ticketId: string, text: string, now: Date): Promise<DraftDto> {
  const userId = personOf(actor);
  const key = { workspaceId: actor.workspaceId, ticketId, userId, kind: 'reply' as const };
  const existing = await findDraft(tx, key);
  const body = existing && existing.body.trim() !== '' ? `${text}\n\n${existing.body}` : text;
  return toDraftDto(await putDraft(tx, key, body, now));
}
