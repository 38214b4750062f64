import type { CustomerDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyRealtime, recordAudit } from '../../platform/events.ts';
import { refreshCustomerQueueKeys } from '../queue/queue-keys.ts';
import { syncCustomerTicketSlas } from '../sla/sla.ts';
import { loadCustomerDto } from './get-customer.ts';
import { lockCustomer, moveCustomerRecords } from './customers.queries.ts';

const realtimeTicketLimit = 50;

const notFound = (id: string) => new AppError('CUSTOMER_NOT_FOUND', { message: 'No customer with that id in this workspace.', details: { id } });

/**
 * Merges the duplicate `sourceId` into `targetId` (the survivor) in one transaction: identities,
 * tickets and message authorship move to the survivor; the duplicate keeps its row, marked
 * merged_into_id, and disappears from lists. Both customers get an audit entry.
 */
export async function mergeCustomers(deps: AppDeps, actor: Actor, targetId: string, sourceId: string): Promise<CustomerDto> {
  if (targetId === sourceId) throw new AppError('MERGE_INVALID', { message: 'A customer cannot be merged into itself.' });
  return deps.db.transaction(async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [firstId, secondId] = sourceId < targetId ? [sourceId, targetId] : [targetId, sourceId];
    const first = await lockCustomer(tx, actor.workspaceId, firstId);
    const second = await lockCustomer(tx, actor.workspaceId, secondId);
    const target = first?.id === targetId ? first : second?.id === targetId ? second : null;
    const source = first?.id === sourceId ? first : second?.id === sourceId ? second : null;
    if (!target) throw notFound(targetId);
    if (!source) throw notFound(sourceId);
    if (source.mergedIntoId) throw new AppError('MERGE_INVALID', { message: `${source.name} was already merged into another customer.` });
    if (target.mergedIntoId) throw new AppError('MERGE_INVALID', { message: `${target.name} was merged away; merge into the customer it points to.` });
    const moved = await moveCustomerRecords(tx, actor.workspaceId, source.id, target.id);
    const data = {
      sourceId: source.id,
      sourceName: source.name,
      targetId: target.id,
      targetName: target.name,
      moved: { identities: moved.identities, tickets: moved.tickets.length, messages: moved.messages },
    };
    await recordAudit(tx, actor, { action: 'customer.merged_into', subjectType: 'customer', subjectId: target.id, data });
    await recordAudit(tx, actor, { action: 'customer.merged_away', subjectType: 'customer', subjectId: source.id, data });
    // The moved tickets now belong to the survivor's tier: their SLA policy and queue place follow.
    if (moved.tickets.length > 0 && source.tier !== target.tier) {
      await syncCustomerTicketSlas(tx, actor.workspaceId, target.id, deps.clock.now());
      await refreshCustomerQueueKeys(tx, actor.workspaceId, target.id, deps.clock.now());
    }
    // Open ticket pages and lists show the customer: tell them (any event refreshes every list, so a
    // bounded number of events is enough for a customer with very many tickets).
    const at = deps.clock.now().toISOString();
    for (const ticket of moved.tickets.slice(0, realtimeTicketLimit)) {
      await notifyRealtime(tx, { type: 'ticket.updated', workspaceId: actor.workspaceId, ticketId: ticket.id, ticketNumber: ticket.number, actorId: actor.userId, at });
    }
    return loadCustomerDto(tx, actor.workspaceId, target.id);
  });
}
