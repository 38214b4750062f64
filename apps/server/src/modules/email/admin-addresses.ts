/**
 * The workspace's own email addresses (admin only). Inbound SMTP routes by them and their +token
 * variants, so an address belongs to one workspace only. Exactly one address is the default (the
 * From of replies) whenever the workspace has any: the first one added, or the one made default.
 */
import type { CreateEmailAddressBody, EmailAddressDto, UpdateEmailAddressBody } from '@rapport/contracts/email';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { toEmailAddressDto } from './admin-dto.ts';
import {
  clearOtherDefaults,
  deleteAddressRow,
  insertAddress,
  isAddressTakenGlobally,
  promoteOldestAddress,
  selectAddress,
  selectAddresses,
  updateAddressRow,
} from './email-admin.queries.ts';

const addressTaken = (address: string) =>
  new AppError('EMAIL_ADDRESS_TAKEN', { message: `${address} already receives mail for a workspace.`, details: { field: 'address', address } });
const addressNotFound = (id: string) => new AppError('EMAIL_ADDRESS_NOT_FOUND', { message: 'No such email address in this workspace.', details: { id } });

export async function listEmailAddresses(deps: AppDeps, actor: Actor): Promise<EmailAddressDto[]> {
  return (await selectAddresses(deps.db, actor.workspaceId)).map(toEmailAddressDto);
}

export async function createEmailAddress(deps: AppDeps, actor: Actor, input: CreateEmailAddressBody): Promise<EmailAddressDto> {
  return deps.db.transaction(async (tx) => {
    const existing = await selectAddresses(tx, actor.workspaceId);
    const isDefault = input.isDefault || existing.length === 0;
    const row = await insertAddress(tx, actor.workspaceId, {
      address: input.address,
      displayName: input.displayName,
      isDefault,
      createdAt: deps.clock.now(),
    });
    if (!row) throw addressTaken(input.address);
    if (isDefault) await clearOtherDefaults(tx, actor.workspaceId, row.id);
    await recordAudit(tx, actor, { action: 'email_address.created', subjectType: 'email_address', subjectId: row.id, data: { address: row.address, isDefault } });
    return toEmailAddressDto(row);
  });
}

export async function updateEmailAddress(deps: AppDeps, actor: Actor, id: string, input: UpdateEmailAddressBody): Promise<EmailAddressDto> {
  return deps.db.transaction(async (tx) => {
    const current = await selectAddress(tx, actor.workspaceId, id);
    if (!current) throw addressNotFound(id);
    if (input.address !== undefined && input.address !== current.address && (await isAddressTakenGlobally(tx, input.address, id))) {
      throw addressTaken(input.address);
    }
    const changes = {
      ...(input.address === undefined ? {} : { address: input.address }),
      ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
      ...(input.isDefault ? { isDefault: true } : {}),
    };
    let row;
    try {
      row = await updateAddressRow(tx, actor.workspaceId, id, changes);
    } catch (error) {
      // Another workspace took the address between the check and the write: the unique index decides.
      if (isUniqueViolation(error) && input.address) throw addressTaken(input.address);
      throw error;
    }
    if (!row) throw addressNotFound(id);
    if (input.isDefault) await clearOtherDefaults(tx, actor.workspaceId, id);
    await recordAudit(tx, actor, {
      action: 'email_address.updated',
      subjectType: 'email_address',
      subjectId: id,
      data: { before: { address: current.address, displayName: current.displayName, isDefault: current.isDefault }, after: changes },
    });
    return toEmailAddressDto(row);
  });
}

/** Mail to a deleted address is no longer accepted; tickets and their reply tokens stay as they are. */
export async function deleteEmailAddress(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await deleteAddressRow(tx, actor.workspaceId, id);
    if (!row) throw addressNotFound(id);
    if (row.isDefault) await promoteOldestAddress(tx, actor.workspaceId);
    await recordAudit(tx, actor, { action: 'email_address.deleted', subjectType: 'email_address', subjectId: id, data: { address: row.address } });
  });
}

function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current === 'object' && 'code' in current && (current as { code: unknown }).code === '23505') return true;
    current = typeof current === 'object' && 'cause' in current ? (current as { cause: unknown }).cause : null;
  }
  return false;
}
