import type { CustomerDto, UpdateCustomerBody } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { refreshCustomerQueueKeys } from '../queue/queue-keys.ts';
import { syncCustomerTicketSlas } from '../sla/sla.ts';
import { loadCustomerDto } from './get-customer.ts';
import { lockCustomer, organisationExists, updateCustomerRow } from './customers.queries.ts';

type Changes = Record<string, { from: unknown; to: unknown }>;

export async function updateCustomer(deps: AppDeps, actor: Actor, customerId: string, input: UpdateCustomerBody): Promise<CustomerDto> {
  return deps.db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, actor.workspaceId, customerId);
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', { message: 'No customer with that id in this workspace.', details: { id: customerId } });
    if (input.organisationId && !(await organisationExists(tx, actor.workspaceId, input.organisationId))) {
      throw new AppError('ORGANISATION_NOT_FOUND', { message: 'No organisation with that id in this workspace.' });
    }
    const values: Parameters<typeof updateCustomerRow>[3] = {};
    const changes: Changes = {};
    if (input.name !== undefined && input.name !== customer.name) {
      values.name = input.name;
      changes['name'] = { from: customer.name, to: input.name };
    }
    if (input.tier !== undefined && input.tier !== customer.tier) {
      values.tier = input.tier;
      changes['tier'] = { from: customer.tier, to: input.tier };
    }
    if (input.language !== undefined && input.language !== customer.language) {
      values.language = input.language;
      changes['language'] = { from: customer.language, to: input.language };
    }
    if (input.organisationId !== undefined && input.organisationId !== customer.organisationId) {
      values.organisationId = input.organisationId;
      changes['organisationId'] = { from: customer.organisationId, to: input.organisationId };
    }
    if (Object.keys(changes).length > 0) {
      await updateCustomerRow(tx, actor.workspaceId, customerId, values);
      await recordAudit(tx, actor, { action: 'customer.updated', subjectType: 'customer', subjectId: customerId, data: { changes } });
      // The tier picks SLA policies and weighs in the fair queue: the customer's open tickets follow at once.
      if (changes['tier']) {
        await syncCustomerTicketSlas(tx, actor.workspaceId, customerId, deps.clock.now());
        await refreshCustomerQueueKeys(tx, actor.workspaceId, customerId, deps.clock.now());
      }
    }
    return loadCustomerDto(tx, actor.workspaceId, customerId);
  });
}
