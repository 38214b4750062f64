import { z } from 'zod';
import type { CreateCustomerBody, CustomerDto } from '@rapport/contracts/people';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { loadCustomerDto } from './get-customer.ts';
import { insertCustomer, insertIdentities, organisationExists, type IdentityKind } from './customers.queries.ts';

const Email = z.email();

/** Emails compare case-insensitively, so they are stored lower-cased; duplicates within one request collapse. */
export function normaliseIdentities(identities: { kind: IdentityKind; value: string }[]): { kind: IdentityKind; value: string }[] {
  const seen = new Map<string, { kind: IdentityKind; value: string }>();
  for (const identity of identities) {
    const value = identity.kind === 'email' ? identity.value.trim().toLowerCase() : identity.value.trim();
    if (identity.kind === 'email' && !Email.safeParse(value).success) {
      throw new AppError('VALIDATION_FAILED', { message: `${identity.value} is not an email address.`, details: { identity } });
    }
    seen.set(`${identity.kind}:${value}`, { kind: identity.kind, value });
  }
  return [...seen.values()];
}

export async function createCustomer(deps: AppDeps, actor: Actor, input: CreateCustomerBody): Promise<CustomerDto> {
  const identities = normaliseIdentities(input.identities);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (input.organisationId && !(await organisationExists(tx, actor.workspaceId, input.organisationId))) {
      throw new AppError('ORGANISATION_NOT_FOUND', { message: 'No organisation with that id in this workspace.' });
    }
    const customer = await insertCustomer(tx, {
      workspaceId: actor.workspaceId,
      name: input.name,
      tier: input.tier,
      language: input.language ?? null,
      organisationId: input.organisationId ?? null,
      createdAt: now,
    });
    const taken = await insertIdentities(tx, actor.workspaceId, customer.id, identities, now);
    if (taken.length > 0) {
      // Throwing rolls back the customer row too: nothing half-written stays.
      throw new AppError('EMAIL_TAKEN', {
        message: `Another customer already has ${taken.map((identity) => identity.value).join(', ')}.`,
        details: { identities: taken },
      });
    }
    await recordAudit(tx, actor, {
      action: 'customer.created',
      subjectType: 'customer',
      subjectId: customer.id,
      data: { name: customer.name, identities: identities.length },
    });
    return loadCustomerDto(tx, actor.workspaceId, customer.id);
  });
}
