import type { CustomFieldDefinitionDto } from '@rapport/contracts/catalogue';
import type { UpdateCustomFieldBody } from '@rapport/contracts/workspace';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { optionsProblem } from './create-custom-field.ts';
import { toCustomFieldDto } from './custom-field-dto.ts';
import { clearCustomFieldFromTickets, deleteCustomFieldRow, findCustomField, updateCustomFieldRow } from './custom-fields.queries.ts';

function fieldNotFound(id: string): AppError {
  return new AppError('CUSTOM_FIELD_NOT_FOUND', { message: 'No custom field with that id in this workspace.', details: { id } });
}

/**
 * Relabels a field or changes a select field's options. The key and type never change (tickets
 * store values under the key, typed by the type). Tickets keep a value whose option was removed;
 * it shows as it is until someone picks a current option.
 */
export async function updateCustomField(deps: AppDeps, actor: Actor, id: string, input: UpdateCustomFieldBody): Promise<CustomFieldDefinitionDto> {
  return deps.db.transaction(async (tx) => {
    const field = await findCustomField(tx, actor.workspaceId, id, { lock: true });
    if (!field) throw fieldNotFound(id);
    if (input.options !== undefined) {
      const problem = optionsProblem({ type: field.type, options: input.options });
      if (problem) throw new AppError('VALIDATION_FAILED', { message: problem, details: { field: 'options' } });
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.label !== undefined && input.label !== field.label) changes['label'] = { from: field.label, to: input.label };
    if (input.options !== undefined && input.options.join('\n') !== field.options.join('\n')) changes['options'] = { from: field.options, to: input.options };
    if (Object.keys(changes).length === 0) return toCustomFieldDto(field);
    const updated = await updateCustomFieldRow(tx, actor.workspaceId, id, {
      ...(changes['label'] ? { label: input.label } : {}),
      ...(changes['options'] ? { options: input.options } : {}),
    });
    if (!updated) throw fieldNotFound(id);
    await recordAudit(tx, actor, { action: 'custom_field.updated', subjectType: 'custom_field', subjectId: id, data: { key: field.key, changes } });
    return toCustomFieldDto(updated);
  });
}

/** Deletes a field definition and its values on every ticket, in one transaction (the UI confirms first). */
export async function deleteCustomField(deps: AppDeps, actor: Actor, id: string): Promise<{ clearedTickets: number }> {
  return deps.db.transaction(async (tx) => {
    const field = await findCustomField(tx, actor.workspaceId, id, { lock: true });
    if (!field) throw fieldNotFound(id);
    await deleteCustomFieldRow(tx, actor.workspaceId, id);
    const clearedTickets = await clearCustomFieldFromTickets(tx, actor.workspaceId, field.key);
    await recordAudit(tx, actor, { action: 'custom_field.deleted', subjectType: 'custom_field', subjectId: id, data: { key: field.key, clearedTickets } });
    return { clearedTickets };
  });
}
