import type { CustomerPage, ListCustomersQuery } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { toCustomerDto } from './customer-dto.ts';
import { listCustomers as queryCustomers, listIdentities } from './customers.queries.ts';

/** Newest first; `q` matches part of the name or of any identity (email, phone, chat id), case-insensitively. */
export async function listCustomers(deps: AppDeps, actor: Actor, query: ListCustomersQuery): Promise<CustomerPage> {
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await queryCustomers(deps.db, actor.workspaceId, { q: query.q, limit: query.limit }, cursor);
  const shown = rows.slice(0, query.limit);
  const identities = await listIdentities(
    deps.db,
    actor.workspaceId,
    shown.map((row) => row.customer.id),
  );
  return toPage(
    rows,
    query.limit,
    (page) => page.map((row) => toCustomerDto(row, identities.filter((identity) => identity.customerId === row.customer.id))),
    (last) => ({ values: [last.cursorAt], id: last.customer.id }),
  );
}
