import { randomUUID } from 'node:crypto';
import type { ParsedEmail } from '@rapport/email/types';
import type { AppDeps } from '../../platform/app-deps.ts';
import type { InboundAttachment } from '../tickets/inbound-message.ts';

/** Stores a parsed message's attachments (content-addressed: no name from the mail becomes a path). */
export async function storeAttachments(deps: AppDeps, parsed: ParsedEmail): Promise<InboundAttachment[]> {
  const stored: InboundAttachment[] = [];
  for (const attachment of parsed.attachments) {
    const object = await deps.storage.put(attachment.content);
    stored.push({
      id: randomUUID(),
      filename: attachment.filename || 'attachment',
      contentType: attachment.contentType || 'application/octet-stream',
      size: object.size,
      sha256: object.key,
      contentId: attachment.contentId,
      isInline: attachment.inline,
    });
  }
  return stored;
}
