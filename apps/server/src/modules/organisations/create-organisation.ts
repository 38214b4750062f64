import type { CreateOrganisationBody, OrganisationDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { normaliseDomains, toOrganisationDto } from './organisation-dto.ts';
import { insertOrganisation } from './organisations.queries.ts';

export async function createOrganisation(deps: AppDeps, actor: Actor, input: CreateOrganisationBody): Promise<OrganisationDto> {
  const domains = normaliseDomains(input.domains);
  return deps.db.transaction(async (tx) => {
    const organisation = await insertOrganisation(tx, {
      workspaceId: actor.workspaceId,
      name: input.name,
      domains,
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, {
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: organisation.id,
      data: { name: organisation.name, domains },
    });
    return toOrganisationDto(organisation);
  });
}
