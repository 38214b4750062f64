import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.ts';
import { Role } from './auth.ts';

export const CustomerTier = z.enum(['standard', 'priority', 'enterprise']);
export const IdentityKind = z.enum(['email', 'phone', 'chat']);

export const IdentityDto = z.object({ kind: IdentityKind, value: z.string() });

export const CustomerDto = z
  .object({
    id: Id,
    name: z.string(),
    tier: CustomerTier,
    language: z.string().nullable(),
    organisation: z.object({ id: Id, name: z.string() }).nullable(),
    identities: z.array(IdentityDto),
    createdAt: Timestamp,
  })
  .meta({ id: 'Customer' });
export type CustomerDto = z.infer<typeof CustomerDto>;

export const CustomerPage = page(CustomerDto).meta({ id: 'CustomerPage' });
export const ListCustomersQuery = PageQuery.extend({ q: z.string().max(200).optional() }).strict();

export const CreateCustomerBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    tier: CustomerTier.default('standard'),
    language: z.string().min(2).max(8).optional(),
    organisationId: Id.nullable().optional(),
    identities: z
      .array(
        z.object({ kind: IdentityKind, value: z.string().trim().min(3).max(320) }).strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();
export const UpdateCustomerBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    tier: CustomerTier.optional(),
    language: z.string().min(2).max(8).nullable().optional(),
    organisationId: Id.nullable().optional(),
  })
  .strict();

export const OrganisationDto = z
  .object({ id: Id, name: z.string(), domains: z.array(z.string()), createdAt: Timestamp })
  .meta({ id: 'Organisation' });
export const OrganisationPage = page(OrganisationDto).meta({ id: 'OrganisationPage' });
export const CreateOrganisationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    domains: z.array(z.string().trim().toLowerCase().min(3).max(253)).max(20).default([]),
  })
  .strict();
export const UpdateOrganisationBody = CreateOrganisationBody.partial().strict();

export const UserDto = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    role: Role,
    languages: z.array(z.string()),
    isActive: z.boolean(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserDto>;
export const CreateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320),
    role: Role,
    password: z.string().min(10).max(1024),
    languages: z.array(z.string().min(2).max(8)).max(20).default([]),
  })
  .strict();
export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: Role.optional(),
    languages: z.array(z.string().min(2).max(8)).max(20).optional(),
    isActive: z.boolean().optional(),
  })
  .strict();

export const TeamDto = z.object({ id: Id, name: z.string() }).meta({ id: 'Team' });
export const CreateTeamBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();
