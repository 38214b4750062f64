import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { ListTicketsQuery, TagName } from './tickets.ts';

export const TagDto = z.object({ name: z.string(), ticketCount: z.number().int() }).meta({ id: 'Tag' });
export const CreateTagBody = z.object({ name: TagName }).strict();
export const TagParams = z.object({ name: z.string().min(1).max(50) }).strict();

export const CustomFieldType = z.enum(['text', 'number', 'boolean', 'date', 'select']);
export const CustomFieldDefinitionDto = z
  .object({
    id: Id,
    key: z.string(),
    label: z.string(),
    type: CustomFieldType,
    options: z.array(z.string()),
    createdAt: Timestamp,
  })
  .meta({ id: 'CustomFieldDefinition' });
export const CreateCustomFieldBody = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Lower-case letters, digits and _'),
    label: z.string().trim().min(1).max(100),
    type: CustomFieldType,
    options: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  })
  .strict();

/** A saved view stores list filters; its query is the same shape as GET /tickets' query. */
export const ViewFilters = ListTicketsQuery.omit({ cursor: true, limit: true }).partial();
export const ViewDto = z
  .object({
    id: Id,
    name: z.string(),
    filters: ViewFilters,
    isShared: z.boolean(),
    isBuiltIn: z.boolean(),
    ownerId: Id.nullable(),
  })
  .meta({ id: 'View' });
export type ViewDto = z.infer<typeof ViewDto>;
export const CreateViewBody = z
  .object({ name: z.string().trim().min(1).max(100), filters: ViewFilters, isShared: z.boolean().default(false) })
  .strict();
export const UpdateViewBody = CreateViewBody.partial().strict();
