import type { CustomerDto } from '@rapport/contracts/people';
import type { CustomerListRow, IdentityKind } from './customers.queries.ts';

export function toCustomerDto(row: CustomerListRow, identities: { kind: IdentityKind; value: string }[]): CustomerDto {
  const { customer } = row;
  return {
    id: customer.id,
    name: customer.name,
    tier: customer.tier,
    language: customer.language,
    organisation: customer.organisationId && row.organisationName ? { id: customer.organisationId, name: row.organisationName } : null,
    identities: identities.map((identity) => ({ kind: identity.kind, value: identity.value })),
    createdAt: customer.createdAt.toISOString(),
  };
}
