import type { CreateCustomFieldBody, CustomFieldDefinitionDto } from '@rapport/contracts/catalogue';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { toCustomFieldDto } from './custom-field-dto.ts';
import { insertCustomField } from './custom-fields.queries.ts';

/** Pure: a select field needs options to choose from, distinct ones; other types take none. Returns the problem, if any. */
export function optionsProblem(input: Pick<CreateCustomFieldBody, 'type' | 'options'>): string | null {
  if (input.type === 'select') {
    if (input.options.length === 0) return 'A select field needs at least one option.';
    if (new Set(input.options).size !== input.options.length) return 'The options of a select field must be distinct.';
    return null;
  }
  return input.options.length > 0 ? `A ${input.type} field takes no options; only select fields do.` : null;
}

export async function createCustomField(deps: AppDeps, actor: Actor, input: CreateCustomFieldBody): Promise<CustomFieldDefinitionDto> {
  const problem = optionsProblem(input);
  if (problem) throw new AppError('VALIDATION_FAILED', { message: problem, details: { field: 'options' } });
  return deps.db.transaction(async (tx) => {
    const field = await insertCustomField(tx, {
      workspaceId: actor.workspaceId,
      key: input.key,
      label: input.label,
      type: input.type,
      options: input.options,
      createdAt: deps.clock.now(),
    });
    if (!field) {
      throw new AppError('NAME_TAKEN', { message: `There is already a custom field with the key "${input.key}".`, details: { field: 'key', key: input.key } });
    }
    await recordAudit(tx, actor, {
      action: 'custom_field.created',
      subjectType: 'custom_field',
      subjectId: field.id,
      data: { key: field.key, type: field.type },
    });
    return toCustomFieldDto(field);
  });
}
