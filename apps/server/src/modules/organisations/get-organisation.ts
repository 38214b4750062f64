import type { OrganisationDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { toOrganisationDto } from './organisation-dto.ts';
import { findOrganisation } from './organisations.queries.ts';

export async function getOrganisation(deps: AppDeps, actor: Actor, organisationId: string): Promise<OrganisationDto> {
  const row = await findOrganisation(deps.db, actor.workspaceId, organisationId);
  if (!row) {
    throw new AppError('ORGANISATION_NOT_FOUND', { message: 'No organisation with that id in this workspace.', details: { id: organisationId } });
  }
  return toOrganisationDto(row);
}
