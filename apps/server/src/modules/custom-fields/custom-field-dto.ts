import type { CustomFieldDefinitionDto } from '@rapport/contracts/catalogue';
import type { CustomFieldRow } from './custom-fields.queries.ts';

export function toCustomFieldDto(row: CustomFieldRow): CustomFieldDefinitionDto {
  return { id: row.id, key: row.key, label: row.label, type: row.type, options: row.options, createdAt: row.createdAt.toISOString() };
}
