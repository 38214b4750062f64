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
export type CustomerPage = z.infer<typeof CustomerPage>;
export const ListCustomersQuery = PageQuery.extend({ q: z.string().max(200).optional() }).strict();
export type ListCustomersQuery = z.infer<typeof ListCustomersQuery>;

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
export type CreateCustomerBody = z.infer<typeof CreateCustomerBody>;
export const UpdateCustomerBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    tier: CustomerTier.optional(),
    language: z.string().min(2).max(8).nullable().optional(),
    organisationId: Id.nullable().optional(),
  })
  .strict();
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBody>;

export const OrganisationDto = z
  .object({ id: Id, name: z.string(), domains: z.array(z.string()), createdAt: Timestamp })
  .meta({ id: 'Organisation' });
export type OrganisationDto = z.infer<typeof OrganisationDto>;
export const OrganisationPage = page(OrganisationDto).meta({ id: 'OrganisationPage' });
export type OrganisationPage = z.infer<typeof OrganisationPage>;
export const ListOrganisationsQuery = PageQuery.strict();
export const CreateOrganisationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    domains: z.array(z.string().trim().toLowerCase().min(3).max(253)).max(20).default([]),
  })
  .strict();
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBody>;
// Spelled out rather than CreateOrganisationBody.partial(): partial() keeps the default, so a PATCH
// without `domains` would have wiped them.
export const UpdateOrganisationBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    domains: z.array(z.string().trim().toLowerCase().min(3).max(253)).max(20).optional(),
  })
  .strict();
export type UpdateOrganisationBody = z.infer<typeof UpdateOrganisationBody>;

export const UserDto = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    role: Role,
    languages: z.array(z.string()),
    isActive: z.boolean(),
    /** The teams the member belongs to, by team name. */
    teamIds: z.array(Id),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserDto>;
export const UserPage = page(UserDto).meta({ id: 'UserPage' });
export type UserPage = z.infer<typeof UserPage>;
export const ListUsersQuery = PageQuery.strict();
export const CreateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320),
    role: Role,
    password: z.string().min(10).max(1024),
    languages: z.array(z.string().min(2).max(8)).max(20).default([]),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;
/** The answer to adding a member: isNewLogin is false when the email already had a login, which keeps its own name and password. */
export const CreatedUserDto = UserDto.extend({ isNewLogin: z.boolean() }).meta({ id: 'CreatedUser' });
export type CreatedUserDto = z.infer<typeof CreatedUserDto>;
export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: Role.optional(),
    languages: z.array(z.string().min(2).max(8)).max(20).optional(),
    isActive: z.boolean().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const TeamMemberDto = z.object({ id: Id, name: z.string() }).meta({ id: 'TeamMember' });
export type TeamMemberDto = z.infer<typeof TeamMemberDto>;
/** members: the workspace members who belong to the team, by name. */
export const TeamDto = z.object({ id: Id, name: z.string(), members: z.array(TeamMemberDto) }).meta({ id: 'Team' });
export type TeamDto = z.infer<typeof TeamDto>;
export const TeamList = z.object({ items: z.array(TeamDto) }).meta({ id: 'TeamList' });
export type TeamList = z.infer<typeof TeamList>;
export const CreateTeamBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;
/** Replaces a team's members; every id must be an active member of the workspace. */
export const SetTeamMembersBody = z.object({ userIds: z.array(Id).max(1000) }).strict();
export type SetTeamMembersBody = z.infer<typeof SetTeamMembersBody>;
