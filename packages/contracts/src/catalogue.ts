import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { ListTicketsQuery, TagName } from './tickets.ts';

export const TagDto = z.object({ name: z.string(), ticketCount: z.number().int() }).meta({ id: 'Tag' });
export type TagDto = z.infer<typeof TagDto>;
export const TagList = z.object({ items: z.array(TagDto) }).meta({ id: 'TagList' });
export type TagList = z.infer<typeof TagList>;
export const CreateTagBody = z.object({ name: TagName }).strict();
export type CreateTagBody = z.infer<typeof CreateTagBody>;
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
export type CustomFieldDefinitionDto = z.infer<typeof CustomFieldDefinitionDto>;
export const CustomFieldDefinitionList = z
  .object({ items: z.array(CustomFieldDefinitionDto) })
  .meta({ id: 'CustomFieldDefinitionList' });
export type CustomFieldDefinitionList = z.infer<typeof CustomFieldDefinitionList>;
export const CreateCustomFieldBody = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Lower-case letters, digits and _'),
    label: z.string().trim().min(1).max(100),
    type: CustomFieldType,
    options: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  })
  .strict();
export type CreateCustomFieldBody = z.infer<typeof CreateCustomFieldBody>;

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
export const ViewList = z.object({ items: z.array(ViewDto) }).meta({ id: 'ViewList' });
export type ViewList = z.infer<typeof ViewList>;
export const CreateViewBody = z
  .object({ name: z.string().trim().min(1).max(100), filters: ViewFilters, isShared: z.boolean().default(false) })
  .strict();
export type CreateViewBody = z.infer<typeof CreateViewBody>;
// Spelled out rather than CreateViewBody.partial(): partial() keeps the default, so renaming a shared
// view would have silently unshared it.
export const UpdateViewBody = z
  .object({ name: z.string().trim().min(1).max(100).optional(), filters: ViewFilters.optional(), isShared: z.boolean().optional() })
  .strict();
export type UpdateViewBody = z.infer<typeof UpdateViewBody>;
