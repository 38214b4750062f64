import type { OrganisationDto } from '@rapport/contracts/people';
import type { OrganisationRow } from './organisations.queries.ts';

export function toOrganisationDto(row: OrganisationRow): OrganisationDto {
  return { id: row.id, name: row.name, domains: row.domains, createdAt: row.createdAt.toISOString() };
}

/** Domains are compared lower-case without a leading "@"; duplicates collapse, order is kept. */
export function normaliseDomains(domains: string[]): string[] {
  return [...new Set(domains.map((domain) => domain.trim().toLowerCase().replace(/^@/, '')))];
}
