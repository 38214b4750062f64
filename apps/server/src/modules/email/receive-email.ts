/**
 * The receipt: the one entrance of every inbound email (SMTP listener, IMAP, import, replay).
 * Order matters for "never lose a message": the raw bytes are durably stored first (fsync +
 * atomic rename), then (embedded mode) journalled, then the receipt row is committed. Only then
 * does the caller acknowledge (SMTP 250, IMAP flag/move). Parsing and threading happen later in
 * the inbound processor. A message already received by a workspace (same Message-ID, or the same
 * bytes when it has none) is not received again.
 */
import { peekMessageId } from '@rapport/email/peek';
import { splitPlusAddress } from '@rapport/email/reply-token';
import { sha256Key } from '@rapport/storage/storage';
import type { AppDeps } from '../../platform/app-deps.ts';
import { insertReceipts, selectWorkspacesByAddress } from './receipt.queries.ts';

export interface ReceiveEmailInput {
  raw: Uint8Array;
  source: 'smtp' | 'imap' | 'import' | 'replay';
  /** Known for IMAP and import; otherwise resolved from the envelope recipients. */
  workspaceId?: string;
  mailboxId?: string | null;
  envelopeFrom?: string | null;
  envelopeTo?: readonly string[];
  remoteAddress?: string | null;
  /** SMTP only: the name the client greeted with. */
  helo?: string | null;
  receivedAt?: Date;
}

export interface ReceiveEmailResult {
  rawKey: string;
  /** One per workspace the message was addressed to; `duplicate` when that workspace had it already. */
  receipts: { workspaceId: string; id: string | null; duplicate: boolean }[];
}

/** Which workspaces the recipients belong to (exact address or its +token variant). */
export async function workspacesForRecipients(deps: AppDeps, recipients: readonly string[]): Promise<Map<string, string>> {
  const bases = recipients.map((recipient) => splitPlusAddress(recipient).base);
  const byBase = await selectWorkspacesByAddress(deps.db, [...new Set(bases)]);
  const result = new Map<string, string>();
  recipients.forEach((recipient, index) => {
    const workspaceId = byBase.get(bases[index]!);
    if (workspaceId) result.set(recipient, workspaceId);
  });
  return result;
}

export function dedupeKeyOf(raw: Uint8Array, rawKey: string): string {
  const messageId = peekMessageId(raw);
  return messageId ? `mid:${messageId}` : `sha256:${rawKey}`;
}

export async function receiveEmail(deps: AppDeps, input: ReceiveEmailInput): Promise<ReceiveEmailResult> {
  const envelopeTo = [...(input.envelopeTo ?? [])];
  const workspaceIds = input.workspaceId
    ? [input.workspaceId]
    : [...new Set((await workspacesForRecipients(deps, envelopeTo)).values())];
  // Mail for no workspace is not kept (the SMTP listener refuses it with 550 at RCPT or DATA).
  if (workspaceIds.length === 0) return { rawKey: sha256Key(input.raw), receipts: [] };
  const stored = await deps.storage.put(input.raw);
  const receivedAt = input.receivedAt ?? deps.clock.now();
  const dedupeKey = dedupeKeyOf(input.raw, stored.key);
  await deps.mailJournal?.append(
    workspaceIds.map((workspaceId) => ({
      at: receivedAt.toISOString(),
      workspaceId,
      rawKey: stored.key,
      source: input.source,
      mailboxId: input.mailboxId ?? null,
      envelopeFrom: input.envelopeFrom ?? null,
      envelopeTo,
    })),
  );
  const inserted = await insertReceipts(
    deps.db,
    workspaceIds.map((workspaceId) => ({
      workspaceId,
      source: input.source,
      mailboxId: input.mailboxId ?? null,
      rawKey: stored.key,
      rawSize: input.raw.byteLength,
      dedupeKey,
      envelopeFrom: input.envelopeFrom ?? null,
      envelopeTo,
      remoteAddress: input.remoteAddress ?? null,
      helo: input.helo ?? null,
      receivedAt,
    })),
  );
  const idByWorkspace = new Map(inserted.map((row) => [row.workspaceId, row.id]));
  return {
    rawKey: stored.key,
    receipts: workspaceIds.map((workspaceId) => {
      const id = idByWorkspace.get(workspaceId) ?? null;
      return { workspaceId, id, duplicate: id === null };
    }),
  };
}
