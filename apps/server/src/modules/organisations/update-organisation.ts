import type { OrganisationDto, UpdateOrganisationBody } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { normaliseDomains, toOrganisationDto } from './organisation-dto.ts';
import { findOrganisation, updateOrganisationRow } from './organisations.queries.ts';

export async function updateOrganisation(
  deps: AppDeps,
  actor: Actor,
  organisationId: string,
  input: UpdateOrganisationBody,
): Promise<OrganisationDto> {
  return deps.db.transaction(async (tx) => {
    const organisation = await findOrganisation(tx, actor.workspaceId, organisationId, { lock: true });
    if (!organisation) {
      throw new AppError('ORGANISATION_NOT_FOUND', { message: 'No organisation with that id in this workspace.', details: { id: organisationId } });
    }
    const values: Parameters<typeof updateOrganisationRow>[3] = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== organisation.name) {
      values.name = input.name;
      changes['name'] = { from: organisation.name, to: input.name };
    }
    if (input.domains !== undefined) {
      const domains = normaliseDomains(input.domains);
      if (domains.join('\u0000') !== organisation.domains.join('\u0000')) {
        values.domains = domains;
        changes['domains'] = { from: organisation.domains, to: domains };
      }
    }
    if (Object.keys(changes).length === 0) return toOrganisationDto(organisation);
    const updated = await updateOrganisationRow(tx, actor.workspaceId, organisationId, values);
    await recordAudit(tx, actor, { action: 'organisation.updated', subjectType: 'organisation', subjectId: organisationId, data: { changes } });
    return toOrganisationDto(updated);
  });
}
