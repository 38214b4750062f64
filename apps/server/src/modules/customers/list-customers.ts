import type { CustomerPage, ListCustomersQuery } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, type KeysetCursor } from '../../platform/keyset-cursor.ts';
import { toCustomerDto } from './customer-dto.ts';
import { listCustomers as queryCustomers, listIdentities } from './customers.queries.ts';

/** Newest first; `q` matches part of the name or of any identity (email, phone, chat id), case-insensitively. */
export async function listCustomers(deps: AppDeps, actor: Actor, query: ListCustomersQuery): Promise<CustomerPage> {
  const cursor = query.cursor ? decodeCustomerCursor(query.cursor) : null;
  const rows = await queryCustomers(deps.db, actor.workspaceId, { q: query.q, limit: query.limit }, cursor);
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const identities = await listIdentities(
    deps.db,
    actor.workspaceId,
    pageRows.map((row) => row.customer.id),
  );
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map((row) => toCustomerDto(row, identities.filter((identity) => identity.customerId === row.customer.id))),
    nextCursor: hasMore && last ? encodeCursor({ values: [last.cursorAt], id: last.customer.id }) : null,
  };
}

function decodeCustomerCursor(raw: string): KeysetCursor {
  const cursor = decodeCursor(raw);
  const [createdAt] = cursor.values;
  if (cursor.values.length !== 1 || typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw new AppError('VALIDATION_FAILED', { message: 'The cursor is not valid; start again from the first page.' });
  }
  return cursor;
}
