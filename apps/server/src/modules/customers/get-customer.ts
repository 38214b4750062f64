import type { CustomerDto } from '@rapport/contracts/people';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { toCustomerDto } from './customer-dto.ts';
import { findCustomer, listIdentities } from './customers.queries.ts';

export async function loadCustomerDto(db: DbOrTx, workspaceId: string, customerId: string): Promise<CustomerDto> {
  const row = await findCustomer(db, workspaceId, customerId);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND', { message: 'No customer with that id in this workspace.', details: { id: customerId } });
  return toCustomerDto(row, await listIdentities(db, workspaceId, [customerId]));
}

export async function getCustomer(deps: AppDeps, actor: Actor, customerId: string): Promise<CustomerDto> {
  return loadCustomerDto(deps.db, actor.workspaceId, customerId);
}
